import { useMutation, useQueryClient } from '@tanstack/react-query';
import { acknowledge, patchCachedUpdates } from '@/api/cache';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';

/** Dismiss (acknowledge) one image's update. */
export function useDismissUpdate() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (image: string) => api.dismissUpdate(image),
    onMutate: (image) => patchCachedUpdates(queryClient, (updates) => acknowledge(updates, [image])),
    onError: (error, image, undo) => {
      undo?.();
      toast(`Could not dismiss ${image}: ${error.message}`, 'error');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
  });
}
