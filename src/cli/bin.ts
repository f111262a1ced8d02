/**
 * Entry of the CLI bundle (dist/cli/index.js), built separately from the actions' bundle so that
 * the command line never loads the Actions toolkit: it starts in a fraction of the time.
 */
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { cli } from './main.js';

// A command is one burst of allocation that mostly lives until the process exits. V8 would double
// its young generation up to 16 MB per semi-space for it, touching ~40 MB of fresh pages, and on
// a machine where each new page faults that was 0.1 s of a 0.6 s plan of 100,000 tests
// (docs/bench-planner.md). V8 reads this flag each time it decides to grow the young generation,
// so setting it here, before any command runs, takes effect; at worst it would do nothing.
setFlagsFromString('--semi-space-growth-factor=1');

// dist/cli/index.js → dist/, where the files shipped beside the bundles live (the pytest plugin).
const distDir = dirname(dirname(realpathSync(process.argv[1]!)));
process.exitCode = await cli(process.argv.slice(2), { distDir });
