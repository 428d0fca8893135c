/** Parse an RFC 3339 time; tolerates the nanosecond fractions Go sends. */
export function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? null : new Date(time);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'long' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
export function formatRelative(time: Date, now: number): string {
  // Never in the future: the server's clock may run slightly ahead of ours.
  const seconds = Math.min(0, Math.round((time.getTime() - now) / 1000));
  if (seconds > -45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (-seconds >= size) {
      return relative.format(Math.round(seconds / size), unit);
    }
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

/** The full local date and time, for tooltips. */
export function formatAbsolute(time: Date): string {
  return absolute.format(time);
}
