/** Adapts the coverage combiner (src/coverage/) to the merge role's port. */
import { combineCoverage, type CoverageFormatId } from '../coverage/combine.js';
import type { CoverageCombiner, Logger } from '../ports.js';

export function coverageCombiner(options: {
  kind: CoverageFormatId;
  root: string;
  outDir: string;
  python: string;
  log: Logger;
}): CoverageCombiner {
  return {
    async combine(shardDirs) {
      const combined = await combineCoverage({ ...options, shardDirs });
      return {
        totalPercent: combined.totalPercent,
        files: combined.files,
        reportFiles: combined.reportFiles,
      };
    },
  };
}
