/**
 * JUnit XML → test cases → timing entries. Covers the flavours in the table of
 * src/core/identity.ts: `<testsuites>` or bare `<testsuite>` roots, suites nested to any depth
 * (Jest, Vitest, PHPUnit, Playwright), cases straight under `<testsuites>`.
 *
 * Reports are untrusted input (they come from artifacts). A DOCTYPE or any other markup
 * declaration is refused before parsing, so no entity can be declared, let alone expanded
 * ("billion laughs", external entities); only the predefined XML entities and numeric character
 * references are decoded, because test names contain `&lt;`, `&amp;` and `&#10;`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { testIdFromJUnitCase } from '../core/identity.js';
import { compareCodeUnits } from '../core/order.js';
import type { JUnitCase, Outcome, TestId, TimingEntry } from '../core/types.js';
import { TimingFormatError } from './errors.js';

const REPEATED = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // With no DOCTYPE (refused below) only predefined entities exist. fast-xml-parser v5 decodes
  // numeric character references only with htmlEntities; the HTML names it adds (&nbsp;) are
  // never written by an XML writer.
  processEntities: true,
  htmlEntities: true,
  // Captured output can be megabytes: kept as raw text, never walked.
  stopNodes: ['*.system-out', '*.system-err'],
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
});

type XmlNode = Record<string, unknown>;

function asNode(value: unknown): XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as XmlNode)
    : {};
}

function children(node: XmlNode, name: string): unknown[] {
  const value = node[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Refuses `<!DOCTYPE`, `<!ENTITY` and the like anywhere outside CDATA sections and comments. */
function refuseDeclarations(xml: string): void {
  for (const match of xml.matchAll(
    /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<!(?!\[CDATA\[|--)/g,
  )) {
    if (match[0] === '<!') {
      throw new TimingFormatError(
        `JUnit XML must not contain a DOCTYPE or other markup declaration (line ${lineAt(xml, match.index)}): entity declarations are refused for safety`,
      );
    }
  }
}

/**
 * Seconds from a `time` attribute: missing, empty or unreadable → 0. Also reads "1,234.5"
 * (thousands separators, seen from JVM runners), "1.234,5" and "0,5" (decimal commas).
 */
function parseJUnitSeconds(time: string | undefined): number {
  let text = (time ?? '').trim();
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/.test(text) && !text.startsWith('0')) {
    text = text.replace(/,/g, '');
  } else if (/^\d{1,3}(?:\.\d{3})+,\d+$/.test(text)) {
    text = text.replace(/\./g, '').replace(',', '.');
  } else if (/^\d+,\d+$/.test(text)) {
    text = text.replace(',', '.');
  }
  if (!/^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return 0;
  const seconds = Number(text);
  return Number.isFinite(seconds) ? seconds : 0;
}

// A first line can be a whole minified stack trace: enough to recognise it, not more.
const MAX_MESSAGE = 1000;

function firstLine(text: string): string | undefined {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line === undefined) return undefined;
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
}

function messageOf(detail: unknown): string | undefined {
  if (typeof detail === 'string') return firstLine(detail);
  const node = asNode(detail);
  const fromAttribute = firstLine(attribute(node, 'message') ?? '');
  if (fromAttribute !== undefined) return fromAttribute;
  const text = node['#text'];
  return typeof text === 'string' ? firstLine(text) : undefined;
}

function toCase(value: unknown, suites: string[], suiteFile: string | undefined): JUnitCase {
  const node = asNode(value);
  const file = attribute(node, 'file') ?? suiteFile;
  // A failure is the test's own verdict; an error may come from a fixture around it.
  const failure = children(node, 'failure');
  const error = children(node, 'error');
  let outcome: Outcome = 'passed';
  let message: string | undefined;
  if (failure.length > 0) {
    outcome = 'failed';
    message = messageOf(failure[0]);
  } else if (error.length > 0) {
    outcome = 'error';
    message = messageOf(error[0]);
  } else if (children(node, 'skipped').length > 0) {
    outcome = 'skipped';
  }
  return {
    classname: attribute(node, 'classname') ?? '',
    name: attribute(node, 'name') ?? '',
    ...(file === undefined ? {} : { file }),
    suites,
    seconds: parseJUnitSeconds(attribute(node, 'time')),
    outcome,
    ...(message === undefined ? {} : { message }),
  };
}

function collect(
  node: XmlNode,
  suites: string[],
  file: string | undefined,
  out: JUnitCase[],
): void {
  for (const testcase of children(node, 'testcase')) out.push(toCase(testcase, suites, file));
  for (const child of children(node, 'testsuite')) {
    const suite = asNode(child);
    collect(
      suite,
      [...suites, attribute(suite, 'name') ?? ''],
      attribute(suite, 'file') ?? file,
      out,
    );
  }
}

/** Every test case of a JUnit XML report, in document order per suite. */
export function parseJUnit(xml: string): JUnitCase[] {
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  const start = text.trimStart();
  if (!start.startsWith('<')) {
    throw new TimingFormatError(
      `expected JUnit XML (a <testsuites> or <testsuite> element), got text starting with ${JSON.stringify(start.slice(0, 20))}`,
    );
  }
  refuseDeclarations(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new TimingFormatError(
      `expected JUnit XML, but it is not well-formed: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    throw new TimingFormatError(`could not read the JUnit XML: ${(error as Error).message}`);
  }
  const document = asNode(parsed);
  const roots = Object.keys(document);
  if (roots.length === 0) throw new TimingFormatError('expected JUnit XML, found no root element');
  const cases: JUnitCase[] = [];
  for (const root of roots) {
    if (root === 'testsuites') {
      for (const node of children(document, root)) collect(asNode(node), [], undefined, cases);
    } else if (root === 'testsuite') {
      collect(document, [], undefined, cases);
    } else {
      throw new TimingFormatError(
        `expected a JUnit report with a <testsuites> or <testsuite> root element, found <${root}>`,
      );
    }
  }
  return cases;
}

const GO_SUBTEST = /^((?:Test|Benchmark|Example|Fuzz)[^/]*)\//;

/**
 * Timing entries from JUnit cases, sorted by id. Rules:
 * - A case reported more than once under one id (pytest-rerunfailures writes one `<testcase>`
 *   per attempt; several reports of one run) keeps its LAST record: the final attempt's time
 *   and outcome, not the sum of attempts.
 * - A Go subtest (`TestX/case`) whose parent `TestX` is reported too is left out: the parent's
 *   time already includes it, and `go test -run` selects the parent.
 * - Cases whose file the report does not name are counted in `unmapped`, not guessed.
 * Skipped, failed and errored cases are kept with their outcome; callers decide what to trust.
 */
export function timingsFromJUnitCases(
  cases: readonly JUnitCase[],
  options: { knownFiles?: ReadonlySet<string>; root?: string } = {},
): { entries: TimingEntry[]; unmapped: number } {
  const reported = new Set(cases.map((c) => `${c.classname}\u0000${c.name}`));
  const byId = new Map<TestId, TimingEntry>();
  let unmapped = 0;
  for (const c of cases) {
    const parent = GO_SUBTEST.exec(c.name)?.[1];
    if (parent !== undefined && reported.has(`${c.classname}\u0000${parent}`)) continue;
    const id = testIdFromJUnitCase(c, options.knownFiles, options.root);
    if (id === undefined) {
      unmapped++;
      continue;
    }
    byId.set(id, { id, seconds: c.seconds, outcome: c.outcome });
  }
  const entries = [...byId.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
  return { entries, unmapped };
}
