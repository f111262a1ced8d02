/**
 * What a pytest shard collected, as the evenshard plugin records it: one document per process
 * (one per pytest-xdist worker), read back after the run for the exactly-once proof.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { compareCodeUnits } from '../../core/order.js';
import type { CollectedFile, ShardCollection } from '../../core/shardResult.js';
import { canonicalPytestId } from './results.js';

export function pytestCollectionPath(resultsPath: string): string {
  return `${resultsPath}.collection.json`;
}

/** The collection documents of this run: one, or one per pytest-xdist worker. */
async function collectionFiles(resultsPath: string): Promise<string[]> {
  const base = path.basename(pytestCollectionPath(resultsPath));
  const dir = path.dirname(path.resolve(resultsPath));
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n === base || (n.startsWith(base + '.') && !n.endsWith('.tmp')))
    .sort((a, b) => a.length - b.length || compareCodeUnits(a, b))
    .map((n) => path.join(dir, n));
}

export async function removePytestCollections(resultsPath: string): Promise<void> {
  for (const file of await collectionFiles(resultsPath)) await rm(file, { force: true });
}

/**
 * What pytest collected. Under pytest-xdist every worker collects the same items (xdist refuses
 * to run otherwise), so the first document stands for all.
 */
export async function readPytestCollection(resultsPath: string): Promise<ShardCollection | null> {
  for (const file of await collectionFiles(resultsPath)) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue;
    return parsePytestCollection(text, file);
  }
  return null;
}

export function parsePytestCollection(text: string, source = 'pytest collection'): ShardCollection {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${(err as Error).message})`);
  }
  const doc = raw as Record<string, unknown> | null;
  const ids = (value: unknown, what: string): string[] => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new Error(`${source}: "${what}" is not a list of test ids`);
    }
    return (value as string[]).map(canonicalPytestId);
  };
  if (typeof doc !== 'object' || doc === null || doc['version'] !== 1) {
    throw new Error(`${source}: not an evenshard pytest collection document (version 1)`);
  }
  const filesDoc = doc['files'];
  if (typeof filesDoc !== 'object' || filesDoc === null || Array.isArray(filesDoc)) {
    throw new Error(`${source}: "files" is not an object`);
  }
  const files: CollectedFile[] = [];
  for (const [file, entry] of Object.entries(filesDoc as Record<string, unknown>)) {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e['fingerprint'] !== 'string') {
      throw new Error(`${source}: malformed entry for ${JSON.stringify(file)}`);
    }
    files.push({
      file: canonicalPytestId(file),
      tests: ids(e['tests'], `files.${file}.tests`),
      fingerprint: e['fingerprint'],
      ...(e['split'] === true ? { split: true } : {}),
    });
  }
  files.sort((a, b) => compareCodeUnits(a.file, b.file));
  return {
    files,
    selected: ids(doc['selected'], 'selected'),
    deselected: ids(doc['deselected'], 'deselected'),
  };
}
