/**
 * The actions' bundle. dist/run.js, dist/post.js, dist/merge.js and dist/plan.js are small
 * wrappers that call one of these (scripts/bundle.mjs writes them), so the three actions share one
 * copy of the code. Each goes through the one entry wrapper (src/github/entry.ts). The CLI has
 * its own bundle (src/cli/bin.ts). Nothing runs on import.
 */
import { actionEntry } from './github/entry.js';
import * as merge from './github/mergeAction.js';
import * as plan from './github/planAction.js';
import * as run from './github/runAction.js';
import type { EntryContext } from './ports.js';

export const runAction = (context: EntryContext): Promise<void> =>
  actionEntry('evenshard', () => run.runAction(context));

export const postAction = (_context: EntryContext): Promise<void> =>
  actionEntry('evenshard: dependency cache not saved', () => run.postAction(), {
    failJob: false,
  });

export const mergeAction = (context: EntryContext): Promise<void> =>
  actionEntry('evenshard merge', () => merge.mergeAction(context));

export const planAction = (context: EntryContext): Promise<void> =>
  actionEntry('evenshard plan', () => plan.planAction(context));
