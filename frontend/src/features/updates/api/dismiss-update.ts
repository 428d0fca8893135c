import { useMutation, useQueryClient } from '@tanstack/react-query';
import { acknowledge, patchCachedUpdates } from '@/api/cache';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';
import { hostLabel } from '@/lib/host';

/**
 * Which update to dismiss: `host` null dismisses it on every host that
 * reported it; `until` (RFC 3339) snoozes it until then instead.
 */
export type DismissTarget = { image: string; host: string | null; until?: string | null };

/** Dismiss (acknowledge) or snooze one image's update, on one host or on all. */
export function useDismissUpdate() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ image, host, until = null }: DismissTarget) => api.dismissUpdate(image, host, until),
    onMutate: ({ image, host, until = null }) =>
      patchCachedUpdates(queryClient, (updates) => acknowledge(updates, [image], host, until)),
    onError: (error, { image, host, until }, undo) => {
      undo?.();
      const where = host === null ? '' : ` on ${hostLabel(host)}`;
      toast(`Could not ${until ? 'snooze' : 'dismiss'} ${image}${where}: ${error.message}`, 'error');
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
        queryClient.invalidateQueries({ queryKey: queryKeys.hosts }),
      ]),
  });
}
