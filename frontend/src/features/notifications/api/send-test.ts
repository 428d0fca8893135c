import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { useToast } from '@/components/toasts';
import { plural } from '@/lib/plural';

/** Send a test notification to every channel; say how it went, and show it in the history. */
export function useSendTestNotification() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: () => api.sendTestNotification(),
    onSuccess: ({ results }) => {
      const failed = results.filter((result) => result.outcome === 'failed');
      if (failed.length === 0) toast(`Test sent to ${plural(results.length, 'channel')}.`);
      else toast(`Test failed on ${failed.map((result) => result.channel).join(', ')}.`, 'error');
    },
    onError: (error) => toast(`Could not send the test: ${error.message}`, 'error'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}
