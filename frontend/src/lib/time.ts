/** Parse an RFC 3339 time; tolerates the nanosecond fractions Go sends. */
export function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  // Chromium and Firefox read any number of fraction digits; an engine that
  // does not gets them cut to milliseconds. Trying as is first spares a big list the regex.
  let time = Date.parse(value);
  if (Number.isNaN(time)) time = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
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

const pad = (value: number) => String(value).padStart(2, '0');

/** A time as an `<input type="datetime-local" step="1">` shows it: local, to the second. */
export function toLocalInputValue(time: Date): string {
  return (
    `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}` +
    `T${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`
  );
}

/** A `datetime-local` value (local time) as RFC 3339 UTC, e.g. `2026-03-23T09:00:00Z`; null if incomplete. */
export function fromLocalInputValue(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const short = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The local date and time to the minute: "Mar 24, 2026, 10:00 AM" (when a snooze ends). */
export function formatShort(time: Date): string {
  return short.format(time);
}
