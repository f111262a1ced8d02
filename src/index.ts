/**
 * The single bundle's entry points. dist/run.js, dist/post.js, dist/merge.js, dist/plan.js and
 * dist/cli/index.js are small wrappers that call one of these (scripts/bundle.mjs writes them),
 * so the three actions and the CLI share one copy of the code. Nothing runs on import.
 */
import { cli } from './cli/main.js';
import { mergeAction as merge } from './github/mergeAction.js';
import { planAction as plan } from './github/planAction.js';
import { postAction as post, runAction as run } from './github/runAction.js';

export interface EntryContext {
  /** The folder holding the bundle and the files shipped beside it (dist/). */
  distDir: string;
}

export const runAction = (context: EntryContext): Promise<void> => run(context);
export const postAction = (_context: EntryContext): Promise<void> => post();
export const mergeAction = (context: EntryContext): Promise<void> => merge(context);
export const planAction = (context: EntryContext): Promise<void> => plan(context);
export const runCli = (argv: string[], context: EntryContext): Promise<number> =>
  cli(argv, context);
