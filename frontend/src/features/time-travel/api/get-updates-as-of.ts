import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';

/**
 * The updates as they stood at `asOf` (a log position or an RFC 3339 time), or
 * nothing when `asOf` is null. The past does not change: fetched once, never polled.
 */
export function useUpdatesAsOf(asOf: string | null) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['updates-as-of', asOf],
    queryFn: () => api.getUpdatesAsOf(asOf ?? ''),
    enabled: asOf !== null,
    staleTime: Infinity,
    retry: false,
  });
}
