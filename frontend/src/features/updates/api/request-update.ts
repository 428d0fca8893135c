import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';
import { hostLabel } from '@/lib/host';

/** An image on a host whose update hook may be asked to update it. */
export type UpdateTarget = { image: string; host: string };

/**
 * Ask a host's update hook (on the server: the page never sees it) to update an
 * image, once; the toast says what the hook answered. Taken is not deployed:
 * the item says "update requested" until a deployment is reported or DIUN reports again.
 */
export function useRequestUpdate() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ image, host }: UpdateTarget) => api.requestUpdate(image, host),
    onSuccess: (outcome, { image, host }) =>
      toast(`Update of ${image} requested on ${hostLabel(host)}: ${outcome.outcome}.`),
    onError: (error, { image, host }) =>
      toast(`The update of ${image} on ${hostLabel(host)} failed: ${error.message}`, 'error'),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
        queryClient.invalidateQueries({ queryKey: queryKeys.hosts }),
      ]),
  });
}
