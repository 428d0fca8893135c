import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';

/**
 * `GET /api/insights` for the `days` up to now, or up to `asOf` when the page shows a past moment.
 * Not polled: read from the log, it is re-read when the updates poll sees the log move. Another
 * window keeps the last one on screen until it comes, so the view (and the focus in it) stays put.
 */
export function useInsights(days: number, asOf: string | null) {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.insights(days, asOf),
    queryFn: () => api.getInsights(days, asOf),
    placeholderData: keepPreviousData,
  });
}
