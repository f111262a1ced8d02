/**
 * Runs `fn`, collecting (and hiding) what it writes to stdout: @actions/core prints its warnings
 * and notices there as `::warning::` lines, and the cache and artifact clients log there too.
 */
export async function quietly<T>(fn: () => Promise<T>): Promise<{ value: T; out: string }> {
  const original = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    return { value: await fn(), out };
  } finally {
    process.stdout.write = original;
  }
}
