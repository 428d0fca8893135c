import { screen, waitFor, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';
import { sampleServer } from '@/testing/sample';
import { LAYOUT_STORAGE_KEY } from '../layout';

const table = (name: string) => screen.findByRole('table', { name: new RegExp(name) });
const rowNames = (of: HTMLElement) =>
  within(of)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent);

describe('the table layout', () => {
  it('is chosen in the toolbar, written to the URL and remembered', async () => {
    const { user } = renderApp({ api: sampleServer() });
    await screen.findByRole('heading', { name: 'nginx:1.25' });

    await user.click(screen.getByRole('radio', { name: 'Table' }));

    expect(window.location.search).toBe('?layout=table');
    expect(window.localStorage.getItem(LAYOUT_STORAGE_KEY)).toBe('table');
    expect(await table('Untagged')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 3 })).not.toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'Cards' }));
    expect(window.location.search).toBe('');
    expect(window.localStorage.getItem(LAYOUT_STORAGE_KEY)).toBe('cards');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('follows the remembered choice, unless the URL names a layout', async () => {
    window.localStorage.setItem(LAYOUT_STORAGE_KEY, 'table');
    window.history.replaceState(null, '', '/?layout=cards');
    renderApp({ api: sampleServer() });
    expect(await screen.findByRole('heading', { name: 'nginx:1.25' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    window.history.replaceState(null, '', '/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(await table('Untagged')).toBeInTheDocument();
  });

  it('has one row per image in each section, with the version whole and only the uncommon registry', async () => {
    window.history.replaceState(null, '', '/?layout=table');
    renderApp({ api: sampleServer() });

    const untagged = await table('Untagged');
    expect(rowNames(untagged)).toEqual([
      'quay.io/prometheus/node-exporter:v1.8.0',
      'ghcr.io/home-assistant/home-assistant:stable',
      'linuxserver/jellyfin:latest',
    ]);
    const row = within(untagged).getAllByRole('row')[1] as HTMLElement;
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      'edge',
      'new',
      'none',
      expect.stringMatching(/minutes ago$/),
      'Tag of quay.io/prometheus/node-exporter:v1.8.0: No tag',
      'Dismiss',
    ]);
    expect(rowNames(await table('production'))).toEqual(['nginx:1.25', 'postgres:16']);
  });

  it('sorts by a column header, through the same URL state as the toolbar', async () => {
    window.history.replaceState(null, '', '/?layout=table');
    const { user } = renderApp({ api: sampleServer() });
    const untagged = await table('Untagged');
    const imageHeader = within(untagged).getByRole('columnheader', { name: /Image/ });
    const receivedHeader = within(untagged).getByRole('columnheader', { name: /Received/ });
    expect(receivedHeader).toHaveAttribute('aria-sort', 'descending');
    expect(imageHeader).not.toHaveAttribute('aria-sort');

    await user.click(within(imageHeader).getByRole('button'));

    expect(window.location.search).toBe('?layout=table&sort=name');
    expect(screen.getByRole('combobox', { name: 'Sort' })).toHaveValue('name');
    const sorted = await table('Untagged');
    expect(within(sorted).getByRole('columnheader', { name: /Image/ })).toHaveAttribute('aria-sort', 'ascending');
    expect(within(sorted).getByRole('columnheader', { name: /Received/ })).not.toHaveAttribute('aria-sort');
    expect(rowNames(sorted)).toEqual([
      'ghcr.io/home-assistant/home-assistant:stable',
      'linuxserver/jellyfin:latest',
      'quay.io/prometheus/node-exporter:v1.8.0',
    ]);
  });

  it('moves focus to the next row’s Dismiss after a dismissal', async () => {
    window.history.replaceState(null, '', '/?layout=table');
    const { user, api } = renderApp({ api: sampleServer() });
    const untagged = await table('Untagged');
    const [first, second] = within(untagged).getAllByRole('button', { name: /^Dismiss / });

    await user.click(first as HTMLElement);

    expect(second).toHaveFocus();
    expect(api.updates['quay.io/prometheus/node-exporter:v1.8.0']?.acknowledged).toBe(true);
    expect(within(untagged).getAllByRole('row')[1]).toHaveTextContent(/Dismissed$/);
  });

  it('acts on one host in a host section', async () => {
    const api = new FakeApi();
    api.receive('docker.io/library/nginx:1.27', { hostname: 'a' });
    api.receive('docker.io/library/nginx:1.27', { hostname: 'b' });
    window.history.replaceState(null, '', '/?layout=table&group=host');
    const { user } = renderApp({ api });

    const onA = await table('Host a');
    expect(within(onA).queryByRole('columnheader', { name: 'Hosts' })).not.toBeInTheDocument();
    await user.click(within(onA).getByRole('button', { name: 'Dismiss docker.io/library/nginx:1.27 on a' }));

    expect(api.updates['docker.io/library/nginx:1.27']?.hosts.map((host) => host.acknowledged)).toEqual([true, false]);
    expect(
      within(await table('Host b')).getByRole('button', { name: 'Dismiss docker.io/library/nginx:1.27 on b' }),
    ).toHaveFocus();
  });

  it('keeps the history but not the actions while time travelling', async () => {
    const api = sampleServer();
    // Position 7: every image received, none tagged or dismissed yet.
    window.history.replaceState(null, '', '/?layout=table&as_of=7');
    renderApp({ api });

    const untagged = await table('Untagged');
    expect(within(untagged).getAllByRole('button', { name: /^History of/ })).toHaveLength(5);
    expect(within(untagged).queryByRole('button', { name: /^(Dismiss|Forget|Tag of)/ })).not.toBeInTheDocument();
    expect(within(untagged).getAllByRole('row')[1]).toHaveTextContent(/Pending$/);
  });

  it('keeps focus on the tag menu of a row that a tag change moved to another section', async () => {
    window.history.replaceState(null, '', '/?layout=table');
    const { user } = renderApp({ api: sampleServer() });
    const image = 'ghcr.io/home-assistant/home-assistant:stable';
    await user.click(within(await table('Untagged')).getByRole('button', { name: `Tag of ${image}: No tag` }));

    await user.click(screen.getByRole('menuitemradio', { name: 'media' }));

    const moved = within(await table('media')).getByRole('button', { name: `Tag of ${image}: media` });
    await waitFor(() => expect(moved).toHaveFocus());
  });

  it('keeps focus on the tag menu of a card that a tag change moved', async () => {
    const { user } = renderApp({ api: sampleServer() });
    const image = 'ghcr.io/home-assistant/home-assistant:stable';
    await user.click(await screen.findByRole('button', { name: `Tag of ${image}: No tag` }));

    await user.click(screen.getByRole('menuitemradio', { name: 'production' }));

    await waitFor(() => expect(screen.getByRole('button', { name: `Tag of ${image}: production` })).toHaveFocus());
  });
});
