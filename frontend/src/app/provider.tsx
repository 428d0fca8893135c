import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { ApiClient } from '@/api/client';
import { ApiClientProvider } from '@/api/context';
import { ToastProvider } from '@/components/toasts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
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
