import type { UpdatesByImage } from '@/api/types';
import { imageRefOf } from '@/lib/image-ref';

/**
 * The registry and platform most images share. Cards and rows leave these out
 * and show only the ones that differ, so `docker.io` and `linux/amd64` are not
 * repeated thousands of times.
 */
export type CommonFacts = { registry: string | null; platform: string | null };

export const NO_COMMON_FACTS: CommonFacts = { registry: null, platform: null };

/** The most frequent value, when at least two items share it (one image repeats nothing); ties go to the one that got there first. */
export function mostCommon(values: Iterable<string | null | undefined>): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 1;
  for (const value of values) {
    if (!value) continue;
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

export function commonFacts(updates: UpdatesByImage): CommonFacts {
  const images = Object.keys(updates);
  return {
    registry: mostCommon(images.map((image) => imageRefOf(image).registry)),
    platform: mostCommon(Object.values(updates).map((entry) => entry.event.platform)),
  };
}

/** `value`, unless it is the common one (then null: not worth repeating). */
export function unlessCommon(value: string | null | undefined, common: string | null): string | null {
  return value && value !== common ? value : null;
}
