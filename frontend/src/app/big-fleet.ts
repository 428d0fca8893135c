import { useDeferredValue } from 'react';
import type { UpdatesByImage } from '@/api/types';

/**
 * From this many images on, the list is drawn in the background and in steps:
 * filtering, sorting and counting them takes long enough that drawing all at
 * once would hold the page in one long task. A smaller list is drawn at once,
 * in the same frame as the change that moved it.
 */
const BIG_FLEET = 1_000;

export function isBigFleet(updates: UpdatesByImage | undefined): boolean {
  return updates !== undefined && Object.keys(updates).length >= BIG_FLEET;
}

/**
 * What the page draws of `updates`: the list itself while it is small; for a
 * big fleet, the list a transition behind, which React draws in short tasks
 * between which the page stays responsive (a new list starts drawing anew).
 */
export function useDrawnUpdates(updates: UpdatesByImage | undefined): UpdatesByImage | undefined {
  const deferred = useDeferredValue(updates);
  return isBigFleet(updates) ? deferred : updates;
}
