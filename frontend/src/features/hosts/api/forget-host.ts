import { useMutation, useQueryClient } from '@tanstack/react-query';
import { forgetHost, patchCachedUpdates } from '@/api/cache';
import { useApiClient } from '@/api/context';
import type { Host } from '@/api/types';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';

/** Forget a host and every entry it reported; its history stays in the log. */
export function useForgetHost() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (hostname: string) => api.forgetHost(hostname),
    onMutate: async (hostname) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.hosts });
      queryClient.setQueryData(queryKeys.hosts, (hosts: Host[] | undefined) =>
        hosts?.filter((host) => host.hostname !== hostname),
      );
      return patchCachedUpdates(queryClient, (updates) => forgetHost(updates, hostname));
    },
    onSuccess: (_result, hostname) => toast(`Forgot host ${hostname}.`),
    onError: (error, hostname, undo) => {
      undo?.();
      toast(`Could not forget host ${hostname}: ${error.message}`, 'error');
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
        queryClient.invalidateQueries({ queryKey: queryKeys.hosts }),
      ]),
  });
}
