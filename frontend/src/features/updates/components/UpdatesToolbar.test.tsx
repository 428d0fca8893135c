import { screen, within } from '@testing-library/react';
import { renderApp } from '@/testing/render-app';
import { sampleServer } from '@/testing/sample';

const cardNames = () => screen.queryAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);

describe('search, filters, sort and grouping', () => {
  it('searches by image name and writes the search to the URL', async () => {
    const { user } = renderApp({ api: sampleServer() });
    await screen.findByRole('heading', { name: /nginx/ });

    await user.type(screen.getByRole('searchbox', { name: 'Search images' }), 'prom');

    expect(cardNames()).toEqual(['prometheus/node-exporter:v1.8.0']);
    expect(window.location.search).toBe('?q=prom');
  });

  it('focuses the search box on "/" unless typing elsewhere', async () => {
    const { user } = renderApp({ api: sampleServer() });
    await screen.findByRole('heading', { name: /nginx/ });

    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Search images' })).toHaveFocus();

    await user.click(screen.getByRole('textbox', { name: 'New tag name' }));
    await user.keyboard('a/b');
    expect(screen.getByRole('textbox', { name: 'New tag name' })).toHaveValue('a/b');
  });

  it('shows only pending or only dismissed updates', async () => {
    const { user } = renderApp({ api: sampleServer() });
    await screen.findByRole('heading', { name: /nginx/ });

    await user.click(screen.getByRole('radio', { name: 'Dismissed' }));
    expect(cardNames()).toEqual(['postgres:16']);
    expect(window.location.search).toBe('?status=acknowledged');

    await user.click(screen.getByRole('radio', { name: 'Pending' }));
    expect(cardNames()).not.toContain('postgres:16');
    expect(cardNames()).toHaveLength(4);
    expect(window.location.search).toBe('?status=pending');
  });

  it('filters by tag or to untagged images only', async () => {
    const { user } = renderApp({ api: sampleServer() });
    await screen.findByRole('heading', { name: /nginx/ });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'production');
    expect(cardNames()).toEqual(['nginx:1.25', 'postgres:16']);
    expect(window.location.search).toBe('?tag=production');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'Untagged only');
    expect(cardNames()).toEqual([
      'prometheus/node-exporter:v1.8.0',
      'home-assistant/home-assistant:stable',
      'linuxserver/jellyfin:latest',
    ]);
    expect(window.location.search).toBe('?untagged=1');
  });

  it('sorts by name or registry', async () => {
    const { user } = renderApp({ api: sampleServer() });
    await screen.findByRole('heading', { name: /nginx/ });
    const untagged = () => within(screen.getByRole('region', { name: /Untagged/ }));

    const untaggedNames = () =>
      untagged()
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent);

    expect(untaggedNames()).toEqual([
      'prometheus/node-exporter:v1.8.0',
      'home-assistant/home-assistant:stable',
      'linuxserver/jellyfin:latest',
    ]);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'Name');
    expect(untaggedNames()).toEqual([
      'home-assistant/home-assistant:stable',
      'linuxserver/jellyfin:latest',
      'prometheus/node-exporter:v1.8.0',
    ]);
    expect(window.location.search).toBe('?sort=name');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'Registry');
    expect(untaggedNames()).toEqual([
      'linuxserver/jellyfin:latest',
      'home-assistant/home-assistant:stable',
      'prometheus/node-exporter:v1.8.0',
    ]);
    expect(window.location.search).toBe('?sort=registry');
  });

  it('groups by host', async () => {
    const { user } = renderApp({ api: sampleServer() });
    await screen.findByRole('heading', { name: /nginx/ });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Group' }), 'By host');

    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(
      expect.arrayContaining(['Host docker-host', 'Host edge', 'Host nas']),
    );
    const nas = within(screen.getByRole('region', { name: 'Host nas' }));
    expect(nas.getAllByRole('heading', { level: 3 })).toHaveLength(2);
    expect(window.location.search).toBe('?group=host');
  });

  it('restores a bookmarked view from the URL', async () => {
    window.history.replaceState(null, '', '/?status=pending&tag=production');
    renderApp({ api: sampleServer() });

    await screen.findByRole('heading', { name: /nginx/ });
    expect(cardNames()).toEqual(['nginx:1.25']);
    expect(screen.getByRole('radio', { name: 'Pending' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Tag' })).toHaveValue('production');
  });

  it('says when nothing matches and clears the filters on request', async () => {
    const { user } = renderApp({ api: sampleServer() });
    await screen.findByRole('heading', { name: /nginx/ });

    await user.type(screen.getByRole('searchbox', { name: 'Search images' }), 'no-such-image');
    expect(screen.getByText('No images match these filters.')).toBeInTheDocument();

    await user.click(within(screen.getByRole('search')).getByRole('button', { name: 'Clear filters' }));
    expect(cardNames()).toHaveLength(5);
    expect(window.location.search).toBe('');
  });

  it('narrows to one host, in the URL, and groups images under each of their hosts', async () => {
    const api = sampleServer();
    api.receive('docker.io/library/nginx:1.25', { status: 'update', hostname: 'nas' });
    const { user } = renderApp({ api });
    await screen.findByRole('heading', { name: /nginx/ });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Host' }), 'nas');

    expect(window.location.search).toBe('?host=nas');
    expect(screen.getByRole('button', { name: 'Dismiss all pending on nas' })).toBeInTheDocument();
    expect(cardNames().sort()).toEqual([
      'home-assistant/home-assistant:stable',
      'linuxserver/jellyfin:latest',
      'nginx:1.25',
    ]);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Host' }), 'All hosts');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Group' }), 'By host');
    const dockerHost = screen.getByRole('region', { name: 'Host docker-host' });
    const nas = screen.getByRole('region', { name: 'Host nas' });
    expect(within(dockerHost).getByRole('heading', { name: 'nginx:1.25' })).toBeInTheDocument();
    expect(within(nas).getByRole('heading', { name: 'nginx:1.25' })).toBeInTheDocument();
    expect(window.location.search).toBe('?group=host');
  });

  it('dismisses the pending images of a host section on that host only', async () => {
    window.history.replaceState(null, '', '/?group=host');
    const api = sampleServer();
    api.receive('docker.io/library/nginx:1.25', { status: 'update', hostname: 'nas' });
    const { user } = renderApp({ api });

    const nas = await screen.findByRole('region', { name: 'Host nas' });
    await user.click(within(nas).getByRole('button', { name: 'Dismiss pending in nas' }));
    const dialog = screen.getByRole('dialog', { name: 'Dismiss 3 pending updates?' });
    expect(dialog).toHaveTextContent('Only on nas');
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss 3 updates' }));

    expect(await screen.findByText('Dismissed 3 updates.')).toBeInTheDocument();
    expect(api.writes().at(-1)).toMatchObject({ path: '/api/dismissals', body: { host: 'nas' } });
    expect(
      api.updates['docker.io/library/nginx:1.25']?.hosts.map((host) => [host.hostname, host.acknowledged]),
    ).toEqual([
      ['docker-host', false],
      ['nas', true],
    ]);
  });
});
