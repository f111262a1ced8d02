/**
 * The I/O edge of the formats evenshard merges itself: reads every shard's data files, feeds
 * them to the format's pure parse/add, and writes its one combined report.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileExistsIn, rootForms } from './files.js';
import {
  baseFolders,
  describeDataFile,
  type Checkout,
  type CombineContext,
  type CoverageFormat,
  type FormatCombined,
  type MergedFormat,
} from './format.js';
import { PathMapper } from './paths.js';

export function mergedFormat<Document, Merged>(
  format: MergedFormat<Document, Merged>,
): CoverageFormat {
  return {
    id: format.id,
    dataPatterns: format.dataPatterns,
    missingDataHint: format.missingDataHint,
    combine: (context) => combineMerged(format, context),
  };
}

async function combineMerged<Document, Merged>(
  format: MergedFormat<Document, Merged>,
  { shards, root, outDir, log }: CombineContext,
): Promise<FormatCombined> {
  const checkout: Checkout = { root, roots: rootForms(root), exists: fileExistsIn(root) };
  const merged = format.start();
  const usedShards = new Set<string>();
  let dataFileCount = 0;
  for (const shard of shards) {
    // One mapper per shard: the checkout prefix it learns is that shard's.
    const mapper = new PathMapper(checkout.roots, checkout.exists);
    for (const file of shard.files) {
      const where = describeDataFile(shard, file);
      const parsed = format.parse(await readFile(file, 'utf8'));
      if ('problem' in parsed) {
        log.warning(`evenshard: ${where}${parsed.problem}`);
        continue;
      }
      const bases = baseFolders(shard.dir, file);
      const { added, problem } = format.add(merged, parsed.document, {
        ...checkout,
        mapper,
        bases,
      });
      if (problem !== undefined) log.warning(`evenshard: ${where}${problem}`);
      if (added > 0) {
        dataFileCount++;
        usedShards.add(shard.name);
      }
    }
  }
  const out = join(outDir, format.reportName);
  await writeFile(out, format.report(merged, checkout, Date.now()));
  return { files: format.totals(merged, checkout), reportFiles: [out], usedShards, dataFileCount };
}
