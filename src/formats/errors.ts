/** A timing text that is not in the format it claims or was detected as. The message says what was expected. */
export class TimingFormatError extends Error {
  override name = 'TimingFormatError';
}
