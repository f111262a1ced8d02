export interface Item {
  sku: string;
  cents: number;
  quantity: number;
}

export function total(items: readonly Item[]): number {
  return items.reduce((sum, item) => sum + item.cents * item.quantity, 0);
}

/** A percentage discount, rounded down to whole cents. */
export function discounted(cents: number, percent: number): number {
  if (percent < 0 || percent > 100) throw new RangeError(`discount ${percent}% is out of range`);
  return Math.floor((cents * (100 - percent)) / 100);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
