/**
 * The Node.js that executes the BUILT bundles in the end-to-end and CLI tests. The action's
 * runtime is node24 while the repository develops on Node 20, so CI runs those tests a second
 * time with $EVENSHARD_E2E_NODE pointing at a Node 24 binary (.ci/run installs one). Unset, the
 * bundles run on the Node running the tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function bundleNode(): string {
  const chosen = process.env['EVENSHARD_E2E_NODE'];
  if (chosen === undefined || chosen === '') return process.execPath;
  // A wrong path must fail the run, not quietly test the bundles on the default Node.
  if (!existsSync(chosen)) throw new Error(`EVENSHARD_E2E_NODE=${chosen}: no such file`);
  return chosen;
}

export const BUNDLE_NODE = bundleNode();

/** `v24.1.0`-style version of BUNDLE_NODE, for test titles and logs. */
export const BUNDLE_NODE_VERSION =
  BUNDLE_NODE === process.execPath
    ? process.version
    : spawnSync(BUNDLE_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
