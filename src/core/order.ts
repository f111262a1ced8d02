/** Locale-independent string order: plans must come out the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts `items` in place by a string key in code-unit order, stably. Timing files of 100,000
 * tests pass through several stages that each want id order: an O(n) check skips the sort when
 * they arrive sorted, and otherwise the keys are sorted by the engine's default string sort
 * (code-unit order, no JavaScript comparator per comparison), several times faster.
 */
export function sortByCodeUnits<T>(items: T[], key: (item: T) => string): T[] {
  let sorted = true;
  for (let i = 1; i < items.length && sorted; i++) sorted = key(items[i - 1]!) <= key(items[i]!);
  if (sorted) return items;
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const same = byKey.get(k);
    if (same) same.push(item);
    else byKey.set(k, [item]);
  }
  let at = 0;
  for (const k of [...byKey.keys()].sort()) for (const item of byKey.get(k)!) items[at++] = item;
  return items;
}
