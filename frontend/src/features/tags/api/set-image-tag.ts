import { useMutation, useQueryClient } from '@tanstack/react-query';
import { patchCachedUpdates, withImageTag } from '@/api/cache';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import type { Tag } from '@/api/types';
import { useToast } from '@/components/toasts';

type SetImageTag = { image: string; tag: Tag | null };

/** Put an image under a tag (replacing its current one), or take it out with `tag: null`. */
export function useSetImageTag() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ image, tag }: SetImageTag) => (tag ? api.assignTag(image, tag.id) : api.unassignTag(image)),
    onMutate: ({ image, tag }) => patchCachedUpdates(queryClient, (updates) => withImageTag(updates, image, tag)),
    onError: (error, { image }, undo) => {
      undo?.();
      toast(`Could not change the tag of ${image}: ${error.message}`, 'error');
      // The usual cause is a tag deleted elsewhere: show the current list.
      void queryClient.invalidateQueries({ queryKey: queryKeys.tags });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
  });
}
