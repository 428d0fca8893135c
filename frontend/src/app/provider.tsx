import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError, type ApiClient } from '@/api/client';
import { ApiClientProvider } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import { ToastProvider } from '@/components/toasts';

export function createQueryClient(): QueryClient {
  // A 401 anywhere once signed in means the session ended (expired, signed out
  // elsewhere, key rotated): asking again who is signed in brings the sign-in
  // form back. Before that, a 401 is the sign-in form's own business.
  const onError = (error: Error) => {
    if (error instanceof ApiError && error.status === 401 && client.getQueryData(queryKeys.session)) {
      void client.invalidateQueries({ queryKey: queryKeys.session });
    }
  };
  const client: QueryClient = new QueryClient({
    // The session query's own 401 is the answer it asks for, not a reason to ask again.
    queryCache: new QueryCache({
      onError: (error, query) => query.queryKey[0] !== queryKeys.session[0] && onError(error),
    }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: true,
        // Asking again will not sign anyone in: a 401 shows the sign-in form at once.
        retry: (failures, error) => !(error instanceof ApiError && error.status === 401) && failures < 3,
      },
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
