/** Locale-independent string order: plans must come out the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts `items` in place, stably, by a string key in code-unit order. Timing files of 100,000
 * tests pass through several stages that each want id order; they usually arrive sorted
 * (pytest-split writes sorted keys), so an O(n) check skips the sort.
 */
export function sortByCodeUnits<T>(items: T[], key: (item: T) => string): T[] {
  for (let i = 1; i < items.length; i++) {
    if (key(items[i - 1]!) > key(items[i]!)) {
      return items.sort((a, b) => compareCodeUnits(key(a), key(b)));
    }
  }
  return items;
}
