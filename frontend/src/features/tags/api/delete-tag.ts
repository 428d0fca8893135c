import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import type { Tag, UpdatesByImage } from '@/api/types';
import { useToast } from '@/components/toasts';
import { updatesQueryKey } from '@/features/updates/api/get-updates';
import { patchCachedUpdates } from '@/features/updates/api/optimistic';
import { tagsQueryKey } from './get-tags';

/** Delete a tag; its images become untagged. */
export function useDeleteTag() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (tag: Tag) => api.deleteTag(tag.id),
    onMutate: async (tag) => {
      const undoUpdates = await patchCachedUpdates(queryClient, (updates) => untagAll(updates, tag.id));
      const previousTags = queryClient.getQueryData<Tag[]>(tagsQueryKey);
      queryClient.setQueryData<Tag[]>(
        tagsQueryKey,
        previousTags?.filter((t) => t.id !== tag.id),
      );
      return () => {
        undoUpdates();
        queryClient.setQueryData(tagsQueryKey, previousTags);
      };
    },
    onError: (error, tag, undo) => {
      undo?.();
      toast(`Could not delete tag “${tag.name}”: ${error.message}`, 'error');
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tagsQueryKey }),
        queryClient.invalidateQueries({ queryKey: updatesQueryKey }),
      ]),
  });
}

function untagAll(updates: UpdatesByImage, tagId: number): UpdatesByImage {
  const next = { ...updates };
  for (const [image, entry] of Object.entries(updates)) {
    if (entry.tag?.id === tagId) next[image] = { ...entry, tag: null };
  }
  return next;
}
