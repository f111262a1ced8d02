/**
 * Error types shared across layers. Pure: no imports, so every layer may use them.
 */

/**
 * Configuration that cannot work: a bad input or flag, or a project evenshard cannot plan (no
 * test files). The message names what to change and is shown as one line without a stack: the
 * action fails with it, the CLI exits 2 with it.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
