import { updateEntry, diunEvent } from '@/testing/fake-api';
import { commonFacts, mostCommon, unlessCommon } from './common-facts';

describe('mostCommon', () => {
  it('is the most frequent value', () => {
    expect(mostCommon(['a', 'b', 'b', 'c', 'b', 'a'])).toBe('b');
  });

  it('is null when no value repeats, or there is none', () => {
    expect(mostCommon(['a', 'b', 'c'])).toBeNull();
    expect(mostCommon(['a'])).toBeNull();
    expect(mostCommon([])).toBeNull();
  });

  it('ignores empty values and breaks a tie in favour of the value that got there first', () => {
    expect(mostCommon(['', null, undefined, '', 'x', 'y', 'y', 'x'])).toBe('y');
  });
});

describe('commonFacts', () => {
  it('finds the registry and platform most images share', () => {
    const images = ['nginx:1.27', 'docker.io/library/postgres:16', 'ghcr.io/acme/api:2'];
    const updates = Object.fromEntries(
      images.map((image, i) => [
        image,
        updateEntry(image, { event: diunEvent(image, { platform: i === 2 ? 'linux/arm64' : 'linux/amd64' }) }),
      ]),
    );
    expect(commonFacts(updates)).toEqual({ registry: 'docker.io', platform: 'linux/amd64' });
  });
});

describe('unlessCommon', () => {
  it('keeps only a value that differs from the common one', () => {
    expect(unlessCommon('docker.io', 'docker.io')).toBeNull();
    expect(unlessCommon('ghcr.io', 'docker.io')).toBe('ghcr.io');
    expect(unlessCommon('ghcr.io', null)).toBe('ghcr.io');
    expect(unlessCommon('', null)).toBeNull();
  });
});
