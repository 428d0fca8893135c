import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { readAllEvents } from '@/api/read-all-events';

/** Every event about one image (receipts, dismissals, tag assignments), oldest first. */
export function useImageHistory(image: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.imageHistory(image),
    queryFn: () => readAllEvents(api, { image }),
    retry: false,
  });
}
