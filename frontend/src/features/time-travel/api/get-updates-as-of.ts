import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';

/**
 * The updates as they stood at `asOf` (a log position or an RFC 3339 time), or
 * nothing when `asOf` is null. The past does not change: fetched once, never polled.
 */
export function useUpdatesAsOf(asOf: string | null) {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.updatesAsOf(asOf),
    queryFn: () => api.getUpdatesAsOf(asOf ?? ''),
    enabled: asOf !== null,
    staleTime: Infinity,
    retry: false,
  });
}
