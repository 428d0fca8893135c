import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { eventsQueryKey, readAllEvents } from './read-all-events';

/** Every event about one image (receipts, dismissals, tag assignments), oldest first. */
export function useImageHistory(image: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: [...eventsQueryKey, 'image', image],
    queryFn: () => readAllEvents(api, { image }),
    retry: false,
  });
}
