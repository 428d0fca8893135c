import { screen, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const IMAGE = '127.0.0.1:5000/demo/app:1.0';
const DIGEST = 'sha256:dc4265e9b2147b6cebd536e254f98010eb66068e4127a444b7285f88d02d7a72';

function serverWithOneImage(event: Parameters<FakeApi['receive']>[1] = {}) {
  const api = new FakeApi();
  const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000).toISOString();
  api.receive(
    IMAGE,
    {
      status: 'update',
      hostname: 'vm',
      platform: 'linux/arm64',
      digest: DIGEST,
      hub_link: '',
      metadata: null,
      ...event,
    },
    fiveMinutesAgo,
  );
  return api;
}

describe('UpdateCard', () => {
  it('shows the image split into registry, repository and tag, with what DIUN reported', async () => {
    const built = new Date(Date.now() - 3 * 86_400_000).toISOString();
    renderApp({
      api: serverWithOneImage({ metadata: { ctn_names: 'demo-app', ctn_state: 'running' }, created: built }),
    });

    const card = await screen.findByRole('listitem', { name: 'demo/app:1.0 127.0.0.1:5000' });
    expect(within(card).getByText('127.0.0.1:5000')).toBeInTheDocument();
    expect(within(card).getByText('update')).toBeInTheDocument();
    expect(within(card).getByText('sha256:dc4265e9b214')).toHaveAttribute('title', DIGEST);
    expect(within(card).getByText('vm')).toBeInTheDocument();
    expect(within(card).getByText('linux/arm64')).toBeInTheDocument();
    expect(within(card).getByText('demo-app')).toBeInTheDocument();
    const received = within(card).getByText('5 minutes ago');
    expect(received.tagName).toBe('TIME');
    expect(received.getAttribute('title')).toMatch(/\d{4}/);
    expect(within(card).getByRole('button', { name: `Copy digest of ${IMAGE}` })).toBeInTheDocument();
    expect(within(card).getByText('3 days ago')).toHaveAttribute('dateTime', built);
  });

  it('hides the registry link when DIUN sent none, and the container when metadata is null', async () => {
    renderApp({ api: serverWithOneImage() });

    const card = await screen.findByRole('listitem', { name: /demo\/app/ });
    expect(within(card).queryByRole('link')).not.toBeInTheDocument();
    expect(within(card).queryByText('Container')).not.toBeInTheDocument();
  });

  it('links to the registry page in a new tab when DIUN sent one', async () => {
    renderApp({ api: serverWithOneImage({ hub_link: 'https://hub.docker.com/r/demo/app' }) });

    const link = await screen.findByRole('link', { name: /Registry page of/ });
    expect(link).toHaveAttribute('href', 'https://hub.docker.com/r/demo/app');
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('dismisses the update, after which the card reads as dismissed', async () => {
    const { api, user } = renderApp({ api: serverWithOneImage() });

    await user.click(await screen.findByRole('button', { name: `Dismiss ${IMAGE}` }));

    const card = screen.getByRole('listitem', { name: /demo\/app/ });
    expect(await within(card).findByText('Dismissed')).toHaveAttribute(
      'title',
      expect.stringMatching(/^Dismissed just now \(.+\)$/),
    );
    expect(within(card).queryByRole('button', { name: /^Dismiss/ })).not.toBeInTheDocument();
    expect(api.writes()).toEqual([
      { method: 'PATCH', path: '/api/updates/127.0.0.1%3A5000%2Fdemo%2Fapp%3A1.0', body: undefined },
    ]);
    expect(api.updates[IMAGE]?.acknowledged).toBe(true);
  });

  it('shows the server’s message when dismissing fails', async () => {
    const api = serverWithOneImage();
    const { user } = renderApp({ api });
    const dismiss = await screen.findByRole('button', { name: `Dismiss ${IMAGE}` });
    api.updates = {};

    await user.click(dismiss);

    expect(await screen.findByRole('alert')).toHaveTextContent(`no update for image ${IMAGE}`);
  });

  it('leaves out the registry and platform most images share, and shows those that differ', async () => {
    const api = new FakeApi();
    for (const image of ['nginx:1.27', 'docker.io/library/postgres:16', 'ghcr.io/acme/api:2']) {
      api.receive(image, { platform: image.startsWith('ghcr') ? 'linux/arm64' : 'linux/amd64' });
    }
    renderApp({ api });

    const usual = await screen.findByRole('listitem', { name: 'nginx:1.27' });
    expect(within(usual).queryByText('docker.io')).not.toBeInTheDocument();
    expect(within(usual).queryByText('Platform')).not.toBeInTheDocument();
    const odd = screen.getByRole('listitem', { name: 'acme/api:2 ghcr.io' });
    expect(within(odd).getByText('linux/arm64')).toBeInTheDocument();
  });

  it('moves focus to the next card’s Dismiss after a dismissal', async () => {
    const api = new FakeApi();
    api.receive('nginx:1.27', {}, new Date(Date.now() - 60_000).toISOString());
    api.receive('redis:7', {}, new Date(Date.now() - 120_000).toISOString());
    const { user } = renderApp({ api });

    await user.click(await screen.findByRole('button', { name: 'Dismiss nginx:1.27' }));

    expect(screen.getByRole('button', { name: 'Dismiss redis:7' })).toHaveFocus();
  });
});
