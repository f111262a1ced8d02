/**
 * Entry of the CLI bundle (dist/cli/index.js), built separately from the actions' bundle so that
 * the command line never loads the Actions toolkit: it starts in a fraction of the time.
 */
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { cli } from './main.js';

// dist/cli/index.js → dist/, where the files shipped beside the bundles live (the pytest plugin).
const distDir = dirname(dirname(realpathSync(process.argv[1]!)));
process.exitCode = await cli(process.argv.slice(2), { distDir });
