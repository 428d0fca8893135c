import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';

/** Every host whose DIUN reported. Not polled: re-read when the updates poll sees the log move. */
export function useHosts(enabled = true) {
  const api = useApiClient();
  return useQuery({ queryKey: queryKeys.hosts, queryFn: () => api.getHosts(), enabled });
}
