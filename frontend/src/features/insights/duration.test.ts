import { describe, expect, it } from 'vitest';
import { formatDuration, waitUnit } from './duration';

describe('formatDuration', () => {
  it('says a wait in its two largest units', () => {
    expect(formatDuration(3 * 86400 + 4 * 3600 + 120)).toBe('3 d 4 h');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(86400 + 300)).toBe('1 d 5 min');
    expect(formatDuration(330)).toBe('5 min');
  });

  it('says under a minute and a dash for nothing', () => {
    expect(formatDuration(12)).toBe('under a minute');
    expect(formatDuration(null)).toBe('–');
  });
});

describe('waitUnit', () => {
  it('reads short waits in hours and long ones in days', () => {
    expect(waitUnit(20 * 3600).suffix).toBe('h');
    expect(waitUnit(3 * 86400).suffix).toBe('d');
  });
});
