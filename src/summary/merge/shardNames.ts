/** How the merge summary names shards in its sentences: "shard 4", "shards 1–3 and 5". */
import { formatCount } from '../format.js';

export function allShards(shards: number): string {
  return shards === 1 ? 'the one shard' : `all ${formatCount(shards)} shards`;
}
/** [1, 2, 3, 5] → "shards 1–3 and 5"; [4] → "shard 4". Ranges keep 64 shards readable. */
export function shardNames(shards: readonly number[]): string {
  const sorted = [...new Set(shards)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k += 1) parts.push(String(sorted[k]));
    i = j + 1;
  }
  const single = sorted.length === 1;
  const list =
    parts.length <= 1
      ? (parts[0] ?? '')
      : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${single ? 'shard' : 'shards'} ${list}`;
}

/** Where a duplicated test ran: "shards 2 and 3", or "shard 2, twice". */
export function ranIn(shards: readonly number[]): string {
  const unique = new Set(shards);
  if (unique.size === 1) {
    const times = shards.length === 2 ? 'twice' : `${shards.length} times`;
    return `${shardNames(shards)}, ${times}`;
  }
  return shards.length > unique.size
    ? `${shardNames(shards)} (more than once in one)`
    : shardNames(shards);
}
