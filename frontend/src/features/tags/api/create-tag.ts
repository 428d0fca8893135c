import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import type { Tag } from '@/api/types';
import { tagsQueryKey } from './get-tags';

/** Create a tag. Errors (empty, too long, duplicate) are left to the form to show inline. */
export function useCreateTag() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.createTag(name),
    onSuccess: (tag) => {
      queryClient.setQueryData<Tag[]>(tagsQueryKey, (tags = []) => [...tags.filter((t) => t.id !== tag.id), tag]);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: tagsQueryKey }),
  });
}
