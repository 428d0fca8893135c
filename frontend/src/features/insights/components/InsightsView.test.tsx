import { screen, waitFor, within } from '@testing-library/react';
import type { Insights } from '@/api/types';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const DAY = 86_400;
/** The view is loaded on demand (React.lazy): its module may take a moment the first time. */
const LOADED = { timeout: 5000 };

/** What the server answers for a small fleet (the window is echoed back by the fake). */
function withInsights(): FakeApi {
  const api = new FakeApi();
  api.receive('nginx:1.25', { hostname: 'nas' });
  const insights: Omit<Insights, 'days' | 'as_of' | 'position'> = {
    since: '2026-01-01T00:00:00.000000Z',
    received: 7,
    resolved: 4,
    weeks: [
      { week: '2026-03-09', received: 3, resolved: 1 },
      { week: '2026-03-16', received: 4, resolved: 3 },
    ],
    wait: { resolved: 4, median_seconds: 2 * DAY, p90_seconds: 9 * DAY + 3600 },
    wait_by_host: [
      { host: 'nas', resolved: 3, median_seconds: 2 * DAY, p90_seconds: 9 * DAY },
      { host: '', resolved: 1, median_seconds: 3600, p90_seconds: 3600 },
    ],
    oldest_pending: [
      { host: 'nas', image: 'nginx:1.25', received_at: '2026-03-01T10:00:00.000000Z', age_seconds: 29 * DAY },
    ],
    repositories: [
      { repository: 'nginx', updates: 5 },
      { repository: 'ghcr.io/acme/app', updates: 2 },
    ],
    hosts: [
      {
        host: 'nas',
        pending: 1,
        oldest_pending_at: '2026-03-01T10:00:00.000000Z',
        lag_seconds: 29 * DAY,
        median_wait_seconds: 2 * DAY,
      },
    ],
  };
  api.insights = insights;
  return api;
}

const region = () => within(screen.getByRole('region', { name: 'Insights' }));

describe('InsightsView', () => {
  beforeEach(() => window.history.replaceState(null, '', '/?view=insights'));

  it('shows the counts, the waits and what waits longest, from GET /api/insights', async () => {
    const { api } = renderApp({ api: withInsights() });

    expect(await screen.findByText('Updates received', {}, LOADED)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Insights' })).toHaveAttribute('aria-current', 'page');
    expect(region().getByText('Median wait', { selector: 'dt' }).nextSibling).toHaveTextContent('2 d');
    expect(region().getByText('90th percentile', { selector: 'dt' }).nextSibling).toHaveTextContent('9 d 1 h');
    const lag = region().getByRole('table', { name: /oldest pending update waited longest/ });
    expect(within(lag).getAllByRole('row')[1]).toHaveTextContent('nas129 d2 d');
    expect(region().getByRole('link', { name: 'nginx:1.25' })).toHaveAttribute(
      'href',
      '/?view=insights&image=nginx%3A1.25',
    );
    expect(api.requests.find((r) => r.path === '/api/insights')?.query.toString()).toBe('days=90');
  });

  it('puts a table behind each chart, hidden until asked but always read by screen readers', async () => {
    const { user } = renderApp({ api: withInsights() });

    const weekly = await screen.findByRole('table', { name: 'Updates per week' }, LOADED);
    expect(weekly.parentElement).toHaveClass('sr-only');
    expect(
      within(weekly)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['Week ofReceivedResolved', '2026-03-0931', '2026-03-1643']);
    const waits = screen.getByRole('table', { name: 'Time to resolution by host' });
    expect(within(waits).getAllByRole('row')[2]).toHaveTextContent('(no host name)11 h1 h');
    expect(screen.getByRole('table', { name: 'Repositories that change most' })).toHaveTextContent('nginx5');

    await user.click(screen.getByRole('button', { name: 'Show the numbers of updates per week' }));
    expect(weekly.parentElement).not.toHaveClass('sr-only');
    expect(screen.getByRole('button', { name: 'Hide the numbers of updates per week' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('asks for another window from the select, kept in the URL', async () => {
    const { api, user } = renderApp({ api: withInsights() });

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Window' }, LOADED), 'Last 365 days');

    await waitFor(() => expect(window.location.search).toBe('?view=insights&days=365'));
    await waitFor(() =>
      expect(api.requests.filter((r) => r.path === '/api/insights').map((r) => r.query.get('days'))).toContain('365'),
    );
  });

  it('shows the insights of the past moment the page shows', async () => {
    window.history.replaceState(null, '', '/?view=insights&as_of=1');
    const { api } = renderApp({ api: withInsights() });

    expect(await screen.findByText(/log position #1\)/, {}, LOADED)).toBeInTheDocument();
    expect(api.requests.find((r) => r.path === '/api/insights')?.query.get('as_of')).toBe('1');
  });

  it('says so when nothing was dismissed or received', async () => {
    renderApp({ api: new FakeApi() });

    expect(
      await screen.findByText('Nothing was dismissed or deployed in this window.', {}, LOADED),
    ).toBeInTheDocument();
    expect(screen.getByText('Nothing is pending.')).toBeInTheDocument();
    expect(screen.getByText('No update was received in this window.')).toBeInTheDocument();
  });
});
