/**
 * Cobertura XML (`coverage.xml`, `cobertura-coverage.xml`): merged per (file, line) by summing
 * hits, written back as one document with recomputed rates. Pure: text in, text out.
 *
 * Only `<class><lines>` is read: `<methods>` repeats the same lines. Branches: the covered count
 * of a merged line is exact when every report lists coverage.py's `missing-branches` (the union
 * of covered branches is everything not missing in all of them); otherwise it is the largest
 * covered count of any one report, a lower bound, since counts alone cannot tell which branches
 * were taken.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { compareCodeUnits } from '../core/order.js';
import { fileTotals, type MergedFormat } from './format.js';
import { isAbsoluteAnywhere, type ExistsInRoot, type PathMapper } from './paths.js';

export interface CoberturaLine {
  hits: number;
  /** Present for branch lines. */
  branch?: { covered: number; total: number; missing?: Set<string> };
}

export interface CoberturaFile {
  /** The `filename` attribute resolved against `<sources>`: see `parseCobertura`. */
  path: string;
  lines: Map<number, CoberturaLine>;
}

export interface CoberturaReport {
  sources: string[];
  /** Each class as recorded: `filename` exactly as written, lines keyed by number. */
  classes: { filename: string; lines: Map<number, CoberturaLine> }[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ['source', 'package', 'class', 'line'].includes(name),
});

type Node = Record<string, unknown>;

function asNode(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Node)
    : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const node = asNode(value);
  return typeof node?.['#text'] === 'string' ? node['#text'] : undefined;
}

const CONDITION = /\((\d+)\/(\d+)\)/;

function parseLine(node: Node): [number, CoberturaLine] | undefined {
  const number = Number(node['@_number']);
  const hits = Number(node['@_hits']);
  if (!Number.isInteger(number) || !Number.isFinite(hits)) return undefined;
  const line: CoberturaLine = { hits: Math.max(0, hits) };
  if (node['@_branch'] === 'true') {
    const match = CONDITION.exec(String(node['@_condition-coverage'] ?? ''));
    const covered = match ? Number(match[1]) : 0;
    const total = match ? Number(match[2]) : 0;
    const missingText = node['@_missing-branches'];
    line.branch = { covered, total };
    if (typeof missingText === 'string') {
      line.branch.missing = new Set(missingText.split(',').filter((s) => s !== ''));
    } else if (covered === total) {
      line.branch.missing = new Set();
    }
  }
  return [number, line];
}

/** Reads the classes of one report; throws on text that is not a Cobertura `<coverage>` document. */
export function parseCobertura(xml: string): CoberturaReport {
  const document = asNode(parser.parse(xml));
  const coverage = asNode(document?.coverage);
  if (coverage === undefined)
    throw new Error('not a Cobertura report (no <coverage> root element)');
  const sources = asArray(asNode(coverage.sources)?.source)
    .map(text)
    .filter((s): s is string => s !== undefined && s.trim() !== '')
    .map((s) => s.trim());
  const classes: CoberturaReport['classes'] = [];
  for (const pkg of asArray(asNode(coverage.packages)?.package)) {
    for (const cls of asArray(asNode(asNode(pkg)?.classes)?.class)) {
      const node = asNode(cls);
      const filename = node?.['@_filename'];
      if (node === undefined || typeof filename !== 'string' || filename === '') continue;
      const lines = new Map<number, CoberturaLine>();
      for (const lineNode of asArray(asNode(node.lines)?.line)) {
        const parsed = asNode(lineNode) && parseLine(asNode(lineNode)!);
        if (parsed) mergeLine(lines, parsed[0], parsed[1]);
      }
      classes.push({ filename, lines });
    }
  }
  return { sources, classes };
}

function mergeLine(lines: Map<number, CoberturaLine>, number: number, line: CoberturaLine): void {
  const existing = lines.get(number);
  if (existing === undefined) {
    lines.set(number, {
      hits: line.hits,
      ...(line.branch ? { branch: { ...line.branch, ...copyMissing(line.branch.missing) } } : {}),
    });
    return;
  }
  existing.hits += line.hits;
  if (line.branch === undefined) return;
  if (existing.branch === undefined) {
    existing.branch = { ...line.branch, ...copyMissing(line.branch.missing) };
    return;
  }
  const a = existing.branch;
  const b = line.branch;
  const total = Math.max(a.total, b.total);
  if (a.missing !== undefined && b.missing !== undefined) {
    const missing = new Set([...a.missing].filter((m) => b.missing!.has(m)));
    existing.branch = { covered: Math.max(0, total - missing.size), total, missing };
  } else {
    existing.branch = { covered: Math.max(a.covered, b.covered), total };
  }
}

function copyMissing(missing: Set<string> | undefined): { missing?: Set<string> } {
  return missing ? { missing: new Set(missing) } : {};
}

/** Adds the lines of `lines` into the file `path` of `files`. */
export function addCoberturaLines(
  files: Map<string, CoberturaFile>,
  path: string,
  lines: ReadonlyMap<number, CoberturaLine>,
): void {
  let file = files.get(path);
  if (file === undefined) {
    file = { path, lines: new Map() };
    files.set(path, file);
  }
  for (const [number, line] of lines) mergeLine(file.lines, number, line);
}

export function coberturaLineTotals(file: CoberturaFile): { covered: number; total: number } {
  let covered = 0;
  for (const line of file.lines.values()) if (line.hits > 0) covered++;
  return { covered, total: file.lines.size };
}

function rate(covered: number, total: number): string {
  return total === 0 ? '1' : String(Math.round((covered / total) * 1e4) / 1e4);
}

function branchTotals(lines: Iterable<CoberturaLine>): { covered: number; total: number } {
  let covered = 0;
  let total = 0;
  for (const line of lines) {
    if (line.branch) {
      covered += line.branch.covered;
      total += line.branch.total;
    }
  }
  return { covered, total };
}

/**
 * One Cobertura document for `files` (paths relative to `source`), grouped into packages by
 * folder like coverage.py does. `timestamp` is milliseconds since the epoch.
 */
export function writeCobertura(
  files: readonly CoberturaFile[],
  source: string,
  timestamp: number,
): string {
  const sorted = [...files].sort((a, b) => compareCodeUnits(a.path, b.path));
  const packages = new Map<string, CoberturaFile[]>();
  for (const file of sorted) {
    const slash = file.path.lastIndexOf('/');
    const name = slash < 0 ? '.' : file.path.slice(0, slash).replace(/\//g, '.');
    packages.set(name, [...(packages.get(name) ?? []), file]);
  }

  const summarise = (group: readonly CoberturaFile[]) => {
    const allLines = group.flatMap((f) => [...f.lines.values()]);
    const lines = {
      covered: allLines.filter((l) => l.hits > 0).length,
      total: allLines.length,
    };
    return { lines, branches: branchTotals(allLines) };
  };

  const total = summarise(sorted);
  const document = {
    '?xml': { '@_version': '1.0' },
    coverage: {
      '@_version': 'evenshard',
      '@_timestamp': String(timestamp),
      '@_lines-valid': String(total.lines.total),
      '@_lines-covered': String(total.lines.covered),
      '@_line-rate': rate(total.lines.covered, total.lines.total),
      '@_branches-valid': String(total.branches.total),
      '@_branches-covered': String(total.branches.covered),
      '@_branch-rate': rate(total.branches.covered, total.branches.total),
      '@_complexity': '0',
      sources: { source: [source] },
      packages: {
        package: [...packages.entries()].map(([name, group]) => {
          const sum = summarise(group);
          return {
            '@_name': name,
            '@_line-rate': rate(sum.lines.covered, sum.lines.total),
            '@_branch-rate': rate(sum.branches.covered, sum.branches.total),
            '@_complexity': '0',
            classes: {
              class: group.map((file) => {
                const lines = [...file.lines.entries()].sort((a, b) => a[0] - b[0]);
                const fileSum = summarise([file]);
                return {
                  '@_name': file.path.slice(file.path.lastIndexOf('/') + 1),
                  '@_filename': file.path,
                  '@_complexity': '0',
                  '@_line-rate': rate(fileSum.lines.covered, fileSum.lines.total),
                  '@_branch-rate': rate(fileSum.branches.covered, fileSum.branches.total),
                  methods: '',
                  lines: {
                    line: lines.map(([number, line]) => ({
                      '@_number': String(number),
                      '@_hits': String(line.hits),
                      ...(line.branch
                        ? {
                            '@_branch': 'true',
                            '@_condition-coverage': `${line.branch.total === 0 ? 100 : Math.round((line.branch.covered / line.branch.total) * 100)}% (${line.branch.covered}/${line.branch.total})`,
                            ...(line.branch.missing && line.branch.missing.size > 0
                              ? { '@_missing-branches': [...line.branch.missing].join(',') }
                              : {}),
                          }
                        : {}),
                    })),
                  },
                };
              }),
            },
          };
        }),
      },
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: true,
    // Otherwise branch="true" is written as a bare `branch`, which XML parsers reject.
    suppressBooleanAttributes: false,
  });
  return String(builder.build(document));
}

/** A class's `filename` is relative to one of `<sources>` (or absolute): find the checkout file. */
function resolveCoberturaFile(
  filename: string,
  sources: readonly string[],
  mapper: PathMapper,
  exists: ExistsInRoot,
  bases: readonly string[],
): string {
  if (!isAbsoluteAnywhere(filename)) {
    for (const source of sources) {
      if (!isAbsoluteAnywhere(source)) continue;
      const separator = source.includes('\\') && !source.includes('/') ? '\\' : '/';
      const mapped = mapper.map(source.replace(/[\\/]+$/, '') + separator + filename);
      if (mapped.inRoot && exists(mapped.path)) return mapped.path;
    }
    const relativeSources = sources
      .filter((s) => !isAbsoluteAnywhere(s) && s !== '.')
      .map((s) => s.replace(/\\/g, '/').replace(/^\.\/|\/+$/g, ''));
    return mapper.map(filename, [...bases, ...relativeSources]).path;
  }
  return mapper.map(filename).path;
}

/** Cobertura as a coverage format: lines merged per checkout file. */
export const coberturaFormat: MergedFormat<CoberturaReport, Map<string, CoberturaFile>> = {
  id: 'cobertura',
  dataPatterns: ['**/coverage.xml', '**/cobertura-coverage.xml', '**/cobertura.xml'],
  missingDataHint:
    'Make each shard write a Cobertura XML report (coverage xml, jest --coverageReporters=cobertura).',
  reportName: 'coverage.xml',
  parse(xml) {
    let report: CoberturaReport;
    try {
      report = parseCobertura(xml);
    } catch (error) {
      return { problem: `: ${(error as Error).message}; skipped.` };
    }
    return report.classes.length === 0
      ? { problem: ' holds no <class> entries; skipped.' }
      : { document: report };
  },
  start: () => new Map(),
  add(merged, report, { mapper, exists, bases }) {
    for (const cls of report.classes) {
      const path = resolveCoberturaFile(cls.filename, report.sources, mapper, exists, bases);
      addCoberturaLines(merged, path, cls.lines);
    }
    return { added: report.classes.length };
  },
  report: (merged, { root }, now) => writeCobertura([...merged.values()], root, now),
  totals: (merged) =>
    [...merged.values()].map((file) => {
      const t = coberturaLineTotals(file);
      return fileTotals(file.path, t.covered, t.total);
    }),
};
