import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';

/** The event at `position` (to tell when it happened); null for position 0 or an unknown one. */
export function useEventAt(position: number | undefined) {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.eventAt(position),
    queryFn: async () => {
      const page = await api.getEvents({ after: (position ?? 1) - 1, limit: 1 });
      return page.events[0] ?? null;
    },
    enabled: position !== undefined && position > 0,
    staleTime: Infinity,
  });
}
