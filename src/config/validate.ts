/**
 * The validators that turn user text (action inputs, CLI flags) into typed values. Shared by
 * src/github/inputs.ts and src/cli/, so both refuse the same values with the same wording. Each
 * takes a `label` that says how the user spells the setting (`input 'shards'` or `--shards`),
 * and throws a ConfigError naming it and the accepted values. Pure.
 */
import { ConfigError } from '../errors.js';

export interface NumberRule {
  min: number;
  max?: number;
  integer?: boolean;
  /** Said after the error, e.g. "the total number of shards, e.g. `shards: 4`". */
  example?: string;
}

/** A required number: blank text is an error naming what to set. */
export function parseNumber(raw: string | undefined, label: string, rule: NumberRule): number {
  const value = optionalNumber(raw, label, rule);
  if (value === undefined) throw new ConfigError(`${label} is required: ${hint(rule)}.`);
  return value;
}

/**
 * An optional number: undefined for blank text. Whole numbers are digits only (no `4.0`, `1e1`
 * or sign), so what the user wrote is what evenshard uses.
 */
export function optionalNumber(
  raw: string | undefined,
  label: string,
  rule: NumberRule,
): number | undefined {
  const text = (raw ?? '').trim();
  if (text === '') return undefined;
  const n = Number(text);
  const max = rule.max ?? Number.MAX_SAFE_INTEGER;
  const valid = rule.integer
    ? /^\d+$/.test(text) && Number.isSafeInteger(n)
    : /^(\d+\.?\d*|\.\d+)$/.test(text) && Number.isFinite(n);
  if (!valid || n < rule.min || n > max) {
    throw new ConfigError(
      `${label} must be ${range(rule)} (got ${JSON.stringify(raw)})${
        rule.example ? `: ${rule.example}` : ''
      }.`,
    );
  }
  return n;
}

/** The shard index must name one of the shards. `labels` spell both settings. */
export function checkShardIndex(
  shard: number,
  shards: number,
  labels: { shard: string; shards: string },
): void {
  if (shard < 1 || shard > shards) {
    throw new ConfigError(
      `${labels.shard} is ${shard} but ${labels.shards} is ${shards}: the shard must be from 1 to the number of shards.`,
    );
  }
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], label: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(
    `${label} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)}).`,
  );
}

/** Newline- or comma-separated list; blank entries and `#` comments dropped. */
export function list(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

function range(rule: NumberRule): string {
  const what = rule.integer ? 'a whole number' : 'a number';
  return rule.max === undefined
    ? `${what} ≥ ${rule.min}`
    : `${what} from ${rule.min} to ${rule.max}`;
}

function hint(rule: NumberRule): string {
  return rule.example ?? range(rule);
}
