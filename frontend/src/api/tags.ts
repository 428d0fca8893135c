import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import type { Tag } from '@/api/types';

/** Tags rarely change behind our back; a slow poll picks up other users' edits. */
const TAGS_REFRESH_MS = 30_000;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Tags in name order, the order every list of them on the page uses. */
export function useTags() {
  const api = useApiClient();
  return useQuery({
    queryKey: queryKeys.tags,
    queryFn: () => api.getTags(),
    select: sortByName,
    refetchInterval: TAGS_REFRESH_MS,
  });
}

function sortByName(tags: Tag[]): Tag[] {
  return [...tags].sort((a, b) => collator.compare(a.name, b.name));
}
