import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';

/**
 * Every tracked image, polled. Failures are not retried in a burst: the next
 * poll is the retry, so an unreachable server is reported at once. `enabled`
 * false (the page shows the past) stops fetching and polling.
 */
export function useUpdates(refetchInterval: number | false, enabled = true) {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.updates,
    queryFn: () => api.getUpdates(),
    refetchInterval,
    enabled,
    retry: false,
  });
}
