import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError, type ApiClient } from '@/api/client';
import { ApiClientProvider } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { ToastProvider } from '@/components/toasts';

export function createQueryClient(): QueryClient {
  // A 401 anywhere means the session ended (expired, signed out elsewhere, key
  // rotated): asking again who is signed in brings the sign-in form back.
  // (Not for the session query's own 401: that is the answer, not a change.)
  const onError = (error: Error, queryKey?: readonly unknown[]) => {
    if (error instanceof ApiError && error.status === 401 && queryKey?.[0] !== queryKeys.session[0]) {
      void client.invalidateQueries({ queryKey: queryKeys.session });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => onError(error) }),
    defaultOptions: {
      queries: { refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
  return client;
}

type AppProviderProps = { api: ApiClient; queryClient?: QueryClient; children: ReactNode };

/** Everything the features expect around them: the API client, the query cache, toasts. */
export function AppProvider({ api, queryClient, children }: AppProviderProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <ApiClientProvider client={api}>
      <QueryClientProvider client={client}>
        <ToastProvider>{children}</ToastProvider>
      </QueryClientProvider>
    </ApiClientProvider>
  );
}
