/** The snoozes the page offers: an update put off for a day, a week or a month. */
export type SnoozeLength = { key: 'day' | 'week' | 'month'; label: string };

export const SNOOZE_LENGTHS: readonly SnoozeLength[] = [
  { key: 'day', label: '1 day' },
  { key: 'week', label: '1 week' },
  { key: 'month', label: '1 month' },
];

/** When a snooze of `length` starting at `now` ends, as RFC 3339 (a month: the same day next month). */
export function snoozeUntil(length: SnoozeLength, now = new Date()): string {
  const until = new Date(now);
  if (length.key === 'day') until.setDate(until.getDate() + 1);
  else if (length.key === 'week') until.setDate(until.getDate() + 7);
  else until.setMonth(until.getMonth() + 1);
  return until.toISOString();
}
