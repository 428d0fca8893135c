import { formatRelative, fromLocalInputValue, parseTime, toLocalInputValue } from './time';

describe('parseTime', () => {
  it('reads RFC 3339 with nanoseconds, as Go sends them', () => {
    expect(parseTime('2026-02-03T04:05:06.123456789Z')?.toISOString()).toBe('2026-02-03T04:05:06.123Z');
  });

  it('reads microseconds and plain seconds', () => {
    expect(parseTime('2026-03-23T10:00:00.000000Z')?.toISOString()).toBe('2026-03-23T10:00:00.000Z');
    expect(parseTime('2020-03-26T12:23:56Z')?.toISOString()).toBe('2020-03-26T12:23:56.000Z');
  });

  it('gives null for missing or garbled times', () => {
    expect(parseTime(null)).toBeNull();
    expect(parseTime('')).toBeNull();
    expect(parseTime('yesterday')).toBeNull();
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-03-23T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000);

  it.each([
    [10, 'just now'],
    [-30, 'just now'],
    [5 * 60, '5 minutes ago'],
    [3 * 3600, '3 hours ago'],
    [26 * 3600, 'yesterday'],
    [3 * 86400, '3 days ago'],
    [70 * 86400, '2 months ago'],
  ])('%i seconds ago reads "%s"', (seconds, text) => {
    expect(formatRelative(ago(seconds), now)).toBe(text);
  });
});

describe('datetime-local values', () => {
  it('turn a local date and time into RFC 3339 UTC, and back', () => {
    const local = '2026-03-23T10:15:30';
    const utc = fromLocalInputValue(local);

    expect(utc).toBe(new Date(2026, 2, 23, 10, 15, 30).toISOString().replace('.000Z', 'Z'));
    expect(toLocalInputValue(new Date(utc ?? ''))).toBe(local);
    expect(fromLocalInputValue('2026-03-23T10:15')).toBe(
      new Date(2026, 2, 23, 10, 15).toISOString().replace('.000Z', 'Z'),
    );
  });

  it('give null for an incomplete value', () => {
    expect(fromLocalInputValue('')).toBeNull();
    expect(fromLocalInputValue('2026-03-23')).toBeNull();
  });
});
