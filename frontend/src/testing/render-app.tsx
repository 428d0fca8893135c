import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createApiClient } from '@/api/client';
import { Dashboard } from '@/app/Dashboard';
import { AppProvider } from '@/app/provider';
import { FakeApi } from './fake-api';

/** Render `ui` (the whole dashboard by default) against a fake server. */
export function renderApp({ api = new FakeApi(), ui = <Dashboard /> }: { api?: FakeApi; ui?: ReactElement } = {}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(
    <AppProvider api={createApiClient(api.fetch)} queryClient={queryClient}>
      {ui}
    </AppProvider>,
  );
  return { ...view, api, user, queryClient };
}

/** Render `ui` in the page's own providers (its query client and all) against `fetchImpl`, a fake server. */
export function renderInProviders(ui: ReactElement, fetchImpl: typeof fetch) {
  return render(<AppProvider api={createApiClient(fetchImpl)}>{ui}</AppProvider>);
}
