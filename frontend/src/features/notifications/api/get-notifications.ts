import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';

/** The channels, what is sent, the next digest and the latest sends; re-read every half minute. */
export function useNotifications() {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.notifications,
    queryFn: () => api.getNotifications(),
    refetchInterval: 30_000,
  });
}
