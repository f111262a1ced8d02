/** Ports backed by the Actions runner: log lines, annotations and the job summary. */
import * as core from '@actions/core';
import type { Logger, SummarySink } from '../ports.js';

export const actionsLogger: Logger = {
  info: (message) => core.info(message),
  notice: (message) => core.notice(message),
  warning: (message) => core.warning(message),
  error: (message) => core.error(message),
  group: (title, body) => core.group(title, body),
};

export const jobSummary: SummarySink = {
  async write(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
  },
};
