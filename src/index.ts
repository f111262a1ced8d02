/**
 * The actions' bundle. dist/run.js, dist/post.js, dist/merge.js and dist/plan.js are small
 * wrappers that call one of these (scripts/bundle.mjs writes them), so the three actions share one
 * copy of the code. The CLI has its own bundle (src/cli/bin.ts). Nothing runs on import.
 */
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
