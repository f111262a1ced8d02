/**
 * Records keyed by untrusted names. Test ids, file and class names, phase names and runner kinds
 * come from test runners' output and from artifacts, and any of them may be `constructor`,
 * `toString` or `__proto__`. On a plain `{}` such a key reads an inherited member of
 * Object.prototype, and assigning `__proto__` replaces the prototype instead of adding an entry
 * (or, through an inherited member, writes onto `Object` or `Object.prototype`). A record without
 * a prototype has no inherited members: every key reads and writes as an ordinary entry, and
 * `Object.keys`, `Object.entries` and `JSON.stringify` see it exactly like a plain object.
 * Every record keyed by such names is made here.
 */

/** An empty record without a prototype: safe to index with any string, for reads and writes. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A record without a prototype holding `entries` (a later key wins), e.g. `Object.entries` of parsed JSON. */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = emptyRecord<T>();
  for (const [key, value] of entries) out[key] = value;
  return out;
}
