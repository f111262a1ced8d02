/** A timing file kept in the repository (e.g. a pytest-split `.test_durations`) as the history. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { FetchedHistory, HistorySource, Logger } from '../ports.js';
import { isInside } from '../core/paths.js';

export class CheckoutFileHistory implements HistorySource {
  /** `label` names the setting that chose the file (e.g. `input 'history'`), for errors. */
  constructor(
    private readonly root: string,
    private readonly path: string,
    private readonly log: Logger,
    private readonly label: string,
  ) {}

  async fetch(): Promise<FetchedHistory | null> {
    const full = resolve(this.root, this.path);
    if (!isInside(this.root, full)) {
      throw new ConfigError(
        `${this.label} must be 'auto', 'none' or a file inside the working directory (got ${JSON.stringify(this.path)}).`,
      );
    }
    try {
      return { text: await readFile(full, 'utf8'), description: this.path };
    } catch {
      this.log.warning(
        `evenshard: the history file ${this.path} does not exist; planning without history.`,
      );
      return null;
    }
  }
}
