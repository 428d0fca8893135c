import { screen, waitFor, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** nas's DIUN went silent two days ago; edge's checked an hour ago; both are read (HEARTBEAT_URLS). */
function watchedFleet(): FakeApi {
  const api = new FakeApi();
  api.receive('nginx:1.25', { hostname: 'edge' });
  api.heartbeats.set('nas', hoursAgo(48));
  api.heartbeats.set('edge', hoursAgo(1));
  api.setSilent('nas', { since: hoursAgo(48), reason: `no DIUN watch run since ${hoursAgo(48)}` });
  return api;
}

describe('silent hosts', () => {
  beforeEach(() => window.history.replaceState(null, '', '/?view=hosts'));

  it('shows a silent host with since when and why, and each DIUN’s last check', async () => {
    renderApp({ api: watchedFleet() });

    const nas = await screen.findByRole('listitem', { name: 'nas' });
    expect(within(nas).getByText('silent')).toBeInTheDocument();
    expect(nas).toHaveTextContent(/Its DIUN is silent since 2 days ago: no DIUN watch run since/);
    expect(nas).toHaveTextContent('Last seenno webhook yet');
    expect(nas).toHaveTextContent('Last check2 days ago');
    const edge = screen.getByRole('listitem', { name: 'edge' });
    expect(edge).toHaveTextContent('Last check1 hour ago');
    expect(within(edge).queryByText('silent')).not.toBeInTheDocument();
  });

  it('counts the silent hosts in the header, linking to the hosts', async () => {
    window.history.replaceState(null, '', '/');
    const { user } = renderApp({ api: watchedFleet() });

    const badge = await screen.findByRole('link', { name: '1 silent host' });
    await user.click(badge);

    await waitFor(() => expect(window.location.search).toBe('?view=hosts'));
  });

  it('says nothing in the header while no host is silent', async () => {
    window.history.replaceState(null, '', '/');
    const api = watchedFleet();
    api.setSilent('nas', null);
    renderApp({ api });

    await screen.findByRole('link', { name: 'Hosts' });
    await screen.findByText(/pending update/);
    expect(screen.queryByRole('link', { name: /silent host/ })).not.toBeInTheDocument();
  });
});
