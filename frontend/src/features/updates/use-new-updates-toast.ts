import { useEffect, useRef } from 'react';
import type { UpdatesByImage } from '@/api/types';
import { useToast } from '@/components/toasts';
import { parseTime } from '@/lib/time';

/**
 * Toast when DIUN reports something while the page is open: an image not seen
 * before, or a known one received again. The first load only sets the baseline.
 */
export function useNewUpdatesToast(updates: UpdatesByImage | undefined): void {
  const toast = useToast();
  const seen = useRef<Map<string, string> | null>(null);

  useEffect(() => {
    if (!updates) return;
    const previous = seen.current;
    const entries = Object.entries(updates);
    seen.current = new Map(entries.map(([image, entry]) => [image, entry.received_at]));
    if (!previous) return;
    const arrived = entries
      .filter(([image, entry]) => !entry.acknowledged && isNewer(entry.received_at, previous.get(image)))
      .map(([image]) => image);
    if (arrived.length === 1) toast(`New update: ${arrived[0]}`);
    else if (arrived.length > 1) toast(`${arrived.length} new updates, e.g. ${arrived[0]}`);
  }, [updates, toast]);
}

/**
 * Whether a receipt came after the one seen before (or the image is new).
 * Forgetting the host with an image's latest receipt makes the entry's time go
 * back to another host's: that is no news.
 */
function isNewer(receivedAt: string, before: string | undefined): boolean {
  if (before === undefined) return true;
  if (before === receivedAt) return false; // most of a big fleet on every poll: no need to parse
  return (parseTime(receivedAt)?.getTime() ?? 0) > (parseTime(before)?.getTime() ?? 0);
}
