import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { useToast } from '@/components/toasts';
import { plural } from '@/lib/plural';
import { updatesQueryKey } from './get-updates';
import { acknowledge, patchCachedUpdates } from './optimistic';

/** Dismiss many updates in one request: exactly the images the user confirmed. */
export function useDismissUpdates() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (images: string[]) => api.dismissUpdates(images),
    onMutate: (images) => patchCachedUpdates(queryClient, (updates) => acknowledge(updates, images)),
    onSuccess: ({ dismissed }) => {
      toast(`Dismissed ${plural(dismissed.length, 'update')}.`);
    },
    onError: (error, _images, undo) => {
      undo?.();
      toast(`Could not dismiss the updates: ${error.message}`, 'error');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: updatesQueryKey }),
  });
}
