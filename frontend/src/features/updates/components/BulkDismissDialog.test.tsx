import { screen, within } from '@testing-library/react';
import { renderApp } from '@/testing/render-app';
import { sampleServer } from '@/testing/sample';

const PENDING = [
  'docker.io/library/nginx:1.25',
  'ghcr.io/home-assistant/home-assistant:stable',
  'quay.io/prometheus/node-exporter:v1.8.0',
  'docker.io/linuxserver/jellyfin:latest',
];

describe('bulk dismiss', () => {
  it('confirms every pending image, then dismisses exactly those in one request', async () => {
    const { api, user } = renderApp({ api: sampleServer() });

    await user.click(await screen.findByRole('button', { name: 'Dismiss all pending' }));

    const dialog = screen.getByRole('dialog', { name: 'Dismiss 4 pending updates?' });
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => item.textContent)
        .sort(),
    ).toEqual([...PENDING].sort());
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Dismiss 4 updates' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText('0 pending updates')).toBeInTheDocument();
    expect(api.writes()).toHaveLength(1);
    expect(api.writes()[0]?.path).toBe('/api/dismissals');
    expect((api.writes()[0]?.body as { images: string[] }).images.sort()).toEqual([...PENDING].sort());
    expect(await screen.findByText('Dismissed 4 updates.')).toBeInTheDocument();
  });

  it('dismisses only the pending images of one tag from its section', async () => {
    const { api, user } = renderApp({ api: sampleServer() });
    const production = within(await screen.findByRole('region', { name: 'Tag production' }));

    await user.click(production.getByRole('button', { name: 'Dismiss pending in production' }));
    const dialog = screen.getByRole('dialog', { name: 'Dismiss 1 pending update?' });
    expect(dialog).toHaveTextContent('tag production');
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss 1 update' }));

    expect(api.writes()).toEqual([
      { method: 'POST', path: '/api/dismissals', body: { images: ['docker.io/library/nginx:1.25'] } },
    ]);
  });

  it('changes nothing when cancelled, with Escape too', async () => {
    const { api, user } = renderApp({ api: sampleServer() });
    const opener = await screen.findByRole('button', { name: 'Dismiss all pending' });

    await user.click(opener);
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(api.writes()).toEqual([]);
  });
});
