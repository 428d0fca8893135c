import { useInfiniteQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import type { EventPage } from '@/api/types';
import { EVENT_KINDS, type ActivityFilters } from '../activity-url';

export const ACTIVITY_PAGE_SIZE = 50;

/**
 * The log, newest first, 50 events a page; `fetchNextPage` loads older ones.
 * With `upTo` (the position the dashboard shows the past at), nothing later.
 */
export function useActivity(filters: ActivityFilters, upTo: number | null, enabled = true) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: queryKeys.activity(filters, upTo),
    queryFn: ({ pageParam }) =>
      api.getEvents({
        order: 'desc',
        limit: ACTIVITY_PAGE_SIZE,
        before: pageParam ?? undefined,
        types: EVENT_KINDS[filters.kind].types,
        image: filters.image.trim() || undefined,
        since: filters.since ?? undefined,
        until: filters.until ?? undefined,
      }),
    initialPageParam: upTo === null ? null : upTo + 1,
    getNextPageParam: (page: EventPage) => (page.next && 'before' in page.next ? page.next.before : null),
    enabled,
    retry: false,
  });
}
