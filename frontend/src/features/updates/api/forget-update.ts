import { useMutation, useQueryClient } from '@tanstack/react-query';
import { forget, patchCachedUpdates } from '@/api/cache';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';
import { hostLabel } from '@/lib/host';
import type { DismissTarget } from './dismiss-update';

/** Forget one image, on one host or on all, until a host reports it again. */
export function useForgetUpdate() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ image, host }: DismissTarget) => api.forgetUpdate(image, host),
    onMutate: ({ image, host }) => patchCachedUpdates(queryClient, (updates) => forget(updates, image, host)),
    onSuccess: (_result, { image, host }) => {
      toast(host === null ? `Forgot ${image}.` : `Forgot ${image} on ${hostLabel(host)}.`);
    },
    onError: (error, { image }, undo) => {
      undo?.();
      toast(`Could not forget ${image}: ${error.message}`, 'error');
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
        queryClient.invalidateQueries({ queryKey: queryKeys.hosts }),
      ]),
  });
}
