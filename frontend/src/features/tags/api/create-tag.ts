import { useMutation, useQueryClient } from '@tanstack/react-query';
import { withTag } from '@/api/cache';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import type { Tag } from '@/api/types';

/** Create a tag. Errors (empty, too long, duplicate) are left to the form to show inline. */
export function useCreateTag() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.createTag(name),
    onSuccess: (tag) => {
      queryClient.setQueryData<Tag[]>(queryKeys.tags, (tags = []) => withTag(tags, tag));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tags }),
  });
}
