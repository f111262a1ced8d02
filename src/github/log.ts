/** Ports backed by the Actions runner: log lines, annotations and the job summary. */
import * as core from '@actions/core';
import { logLine, type Logger, type SummarySink } from '../ports.js';

export const actionsLogger: Logger = {
  // core.info writes the text as is; the annotations and group titles escape it, and one line
  // keeps them readable.
  info: (message) => core.info(logLine(message)),
  notice: (message) => core.notice(logLine(message)),
  warning: (message) => core.warning(logLine(message)),
  error: (message) => core.error(logLine(message)),
  group: (title, body) => core.group(logLine(title), body),
};

export const jobSummary: SummarySink = {
  async write(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
  },
};
