import { useMutation, useQueryClient } from '@tanstack/react-query';
import { acknowledge, patchCachedUpdates } from '@/api/cache';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';
import { plural } from '@/lib/plural';

type BulkTarget = { images: string[]; host: string | null; until: string | null };

/**
 * Dismiss many updates in one request: exactly the images the user
 * confirmed, on `host` only when given; snoozed `until` then, when given.
 */
export function useDismissUpdates() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ images, host, until }: BulkTarget) => api.dismissUpdates(images, host, until),
    onMutate: ({ images, host, until }) =>
      patchCachedUpdates(queryClient, (updates) => acknowledge(updates, images, host, until)),
    onSuccess: ({ dismissed }, { until }) => {
      toast(`${until ? 'Snoozed' : 'Dismissed'} ${plural(dismissed.length, 'update')}.`);
    },
    onError: (error, { until }, undo) => {
      undo?.();
      toast(`Could not ${until ? 'snooze' : 'dismiss'} the updates: ${error.message}`, 'error');
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
        queryClient.invalidateQueries({ queryKey: queryKeys.hosts }),
      ]),
  });
}
