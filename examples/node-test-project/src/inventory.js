/** Stock levels by SKU. */
export function restock(stock, sku, quantity) {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError(`bad quantity ${quantity}`);
  return { ...stock, [sku]: (stock[sku] ?? 0) + quantity };
}

export function take(stock, sku, quantity) {
  const have = stock[sku] ?? 0;
  if (quantity > have) throw new Error(`only ${have} of ${sku} left`);
  return { ...stock, [sku]: have - quantity };
}

export function lowStock(stock, threshold) {
  return Object.keys(stock)
    .filter((sku) => stock[sku] < threshold)
    .sort();
}
