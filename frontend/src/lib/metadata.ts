/** Metadata is whatever DIUN's provider sent: accept a string or a list of strings. */
export function stringField(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value.filter((item) => typeof item === 'string').join(', ') : value;
  return typeof text === 'string' && text !== '' ? text : undefined;
}
