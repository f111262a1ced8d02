/** `evenshard plan --json` writes its document one shard at a time: the text must not change. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePlanJson } from '../../src/cli/plan.js';

describe('writePlanJson', () => {
  it('writes exactly what one JSON.stringify of the document writes', () => {
    const key = fc.stringMatching(/^[a-zA-Z]{1,8}$/).filter((k) => k !== 'shards');
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 5 }),
        fc.dictionary(key, fc.jsonValue(), { maxKeys: 4 }),
        (shards, rest) => {
          const doc = { shards, ...rest };
          let text = '';
          writePlanJson(doc, (piece) => (text += piece));
          expect(text).toBe(JSON.stringify(doc) + '\n');
        },
      ),
      { numRuns: 300 },
    );
  });
});
