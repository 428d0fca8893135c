const UNITS: [string, number][] = [
  ['d', 86400],
  ['h', 3600],
  ['min', 60],
];

/** A wait as people say it, in its two largest units: "3 d 4 h", "2 h", "5 min", "under a minute". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return 'under a minute';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0 && parts.length < 2) parts.push(`${count.toLocaleString('en')} ${unit}`);
    if (parts.length > 0) rest -= count * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** The unit an axis of waits up to `longest` seconds reads best in: hours below two days, else days. */
export function waitUnit(longest: number): { seconds: number; suffix: string } {
  return longest < 2 * 86400 ? { seconds: 3600, suffix: 'h' } : { seconds: 86400, suffix: 'd' };
}
