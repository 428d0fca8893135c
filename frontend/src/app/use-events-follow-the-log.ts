import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { UpdatesByImage } from '@/api/types';
import { queryKeys } from '@/api/query-keys';

/**
 * Re-read the open history, activity and hosts whenever the live updates change. The
 * updates poll costs a 304 while the log stands still and hands back new data
 * as soon as it moves, so the event views follow it without polling on their own.
 */
export function useEventsFollowTheLog(liveUpdates: UpdatesByImage | undefined): void {
  const queryClient = useQueryClient();
  const previous = useRef(liveUpdates);
  useEffect(() => {
    if (previous.current && liveUpdates && previous.current !== liveUpdates) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
      void queryClient.invalidateQueries({ queryKey: queryKeys.hosts });
    }
    previous.current = liveUpdates;
  }, [liveUpdates, queryClient]);
}
