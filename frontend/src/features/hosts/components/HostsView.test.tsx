import { screen, waitFor, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Three hosts: `nas` quiet for ten days (stale), `edge` with one image dismissed, one without a name. */
function fleet(): FakeApi {
  const api = new FakeApi();
  api.receive('nginx:1.25', { hostname: 'nas', diun_version: '4.28.0' }, daysAgo(10));
  api.receive('nginx:1.25', { hostname: 'edge', diun_version: '4.29.0' }, daysAgo(1));
  api.receive('redis:7', { hostname: 'edge', diun_version: '4.29.0' }, daysAgo(0.5));
  api.receive('postgres:16', { hostname: '' }, daysAgo(2));
  api.dismiss(['redis:7'], undefined, 'edge');
  return api;
}

const hostsRegion = () => within(screen.getByRole('region', { name: /^Hosts/ }));

describe('HostsView', () => {
  beforeEach(() => window.history.replaceState(null, '', '/?view=hosts'));

  it('lists each host with its images, pending, last report, DIUN version, and whether it is stale', async () => {
    renderApp({ api: fleet() });

    const edge = await screen.findByRole('listitem', { name: 'edge' });
    expect(screen.getByRole('link', { name: 'Hosts' })).toHaveAttribute('aria-current', 'page');
    expect(
      hostsRegion()
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['(no host name)', 'edge', 'nas']);
    expect(edge).toHaveTextContent('Images2Pending1Last seen12 hours agoDIUN4.29.0');
    expect(within(edge).queryByText('stale')).not.toBeInTheDocument();
    const nas = screen.getByRole('listitem', { name: 'nas' });
    expect(within(nas).getByText('stale')).toBeInTheDocument();
    expect(nas).toHaveTextContent('Last seenlast week');
  });

  it('forgets a host after a confirmation; its images leave the other hosts alone', async () => {
    const { api, user } = renderApp({ api: fleet() });

    await user.click(await screen.findByRole('button', { name: 'Forget host edge' }));
    const dialog = screen.getByRole('dialog', { name: 'Forget host edge?' });
    expect(dialog).toHaveTextContent('Its 2 images leave the dashboard on this host');
    expect(dialog).toHaveTextContent('Its history stays');
    await user.click(within(dialog).getByRole('button', { name: 'Forget host' }));

    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'edge' })).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { level: 2, name: /^Hosts/ })).toHaveFocus();
    expect(api.writes()).toEqual([{ method: 'DELETE', path: '/api/hosts/edge', body: undefined }]);
    expect(Object.keys(api.updates).sort()).toEqual(['nginx:1.25', 'postgres:16']);
    expect(api.events.at(-1)).toMatchObject({ type: 'HostForgotten', data: { hostname: 'edge' } });
  });

  it('renames a host, and shows why when the name is taken', async () => {
    const { api, user } = renderApp({ api: fleet() });

    await user.click(await screen.findByRole('button', { name: 'Rename host nas' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename host nas' });
    const field = within(dialog).getByRole('textbox', { name: 'New name' });
    expect(field).toHaveFocus();

    await user.clear(field);
    await user.type(field, 'edge{Enter}');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('a host named edge exists');

    await user.clear(field);
    await user.type(field, 'nas-2{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('listitem', { name: 'nas-2' })).toBeInTheDocument();
    expect(api.updates['nginx:1.25']?.hosts.map((host) => host.hostname)).toEqual(['edge', 'nas-2']);
  });

  it('offers no forget or rename for the host without a name, which the API cannot address', async () => {
    renderApp({ api: fleet() });

    const unnamed = await screen.findByRole('listitem', { name: '(no host name)' });
    expect(within(unnamed).queryByRole('button')).not.toBeInTheDocument();
    expect(unnamed).toHaveTextContent('Forget its images one by one');
  });

  it('links each host to the updates narrowed to it', async () => {
    const { user } = renderApp({ api: fleet() });

    await user.click(await screen.findByRole('link', { name: 'Show images of edge' }));

    expect(window.location.search).toBe('?host=edge');
    const board = await screen.findByRole('combobox', { name: 'Host' });
    expect(board).toHaveDisplayValue('edge');
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['redis:7', 'nginx:1.25']);
  });
});
