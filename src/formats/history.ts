/** evenshard's own history document as text (schema: docs/history-schema.md). */
import { HistoryError, validateHistory, type History } from '../core/history.js';

export function parseHistoryText(text: string): History {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HistoryError(`history is not valid JSON: ${(error as Error).message}`);
  }
  return validateHistory(value);
}
