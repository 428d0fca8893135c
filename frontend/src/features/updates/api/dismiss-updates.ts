import { useMutation, useQueryClient } from '@tanstack/react-query';
import { acknowledge, patchCachedUpdates } from '@/api/cache';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';
import { plural } from '@/lib/plural';

/** Dismiss many updates in one request: exactly the images the user confirmed, on `host` only when given. */
export function useDismissUpdates() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ images, host }: { images: string[]; host: string | null }) => api.dismissUpdates(images, host),
    onMutate: ({ images, host }) => patchCachedUpdates(queryClient, (updates) => acknowledge(updates, images, host)),
    onSuccess: ({ dismissed }) => {
      toast(`Dismissed ${plural(dismissed.length, 'update')}.`);
    },
    onError: (error, _images, undo) => {
      undo?.();
      toast(`Could not dismiss the updates: ${error.message}`, 'error');
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
        queryClient.invalidateQueries({ queryKey: queryKeys.hosts }),
      ]),
  });
}
