import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';

export type HostRename = { hostname: string; newHostname: string };

/** Move a host's entries under a new name. Not optimistic: the server may refuse a taken name (409). */
export function useRenameHost() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ hostname, newHostname }: HostRename) => api.renameHost(hostname, newHostname),
    onSuccess: (_result, { hostname, newHostname }) => toast(`Renamed host ${hostname} to ${newHostname}.`),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.updates }),
        queryClient.invalidateQueries({ queryKey: queryKeys.hosts }),
      ]),
  });
}
