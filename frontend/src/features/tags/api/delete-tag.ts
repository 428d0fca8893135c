import { useMutation, useQueryClient } from '@tanstack/react-query';
import { patchCachedTags, patchCachedUpdates, untagAll, withoutTag } from '@/api/cache';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import type { Tag } from '@/api/types';
import { useToast } from '@/components/toasts';

/** Delete a tag; its images become untagged. */
export function useDeleteTag() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (tag: Tag) => api.deleteTag(tag.id),
    onMutate: async (tag) => {
      const undoUpdates = await patchCachedUpdates(queryClient, (updates) => untagAll(updates, tag.id));
      const undoTags = await patchCachedTags(queryClient, (tags) => withoutTag(tags, tag.id));
      return () => {
        undoUpdates();
        undoTags();
      };
    },
    onError: (error, tag, undo) => {
      undo?.();
      toast(`Could not delete tag “${tag.name}”: ${error.message}`, 'error');
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tags }),
        queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
      ]),
  });
}
