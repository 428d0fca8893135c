import { screen, waitFor, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const IMAGE = 'docker.io/library/nginx:1.25';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** One image reported by three hosts; `c` runs an older digest. */
function threeHosts(): FakeApi {
  const api = new FakeApi();
  api.receive(IMAGE, { hostname: 'a', digest: 'sha256:aaaaaaaaaaaa1111' }, daysAgo(3));
  api.receive(IMAGE, { hostname: 'b', digest: 'sha256:aaaaaaaaaaaa1111' }, daysAgo(2));
  api.receive(IMAGE, { hostname: 'c', digest: 'sha256:cccccccccccc2222' }, daysAgo(1));
  return api;
}

// The registry is in the name while it is not one most images share (here: one image, or two on docker.io).
const card = () => screen.findByRole('listitem', { name: /^nginx:1\.25( docker\.io)?$/ });
const hostRows = (within_: HTMLElement) =>
  within(within(within_).getByRole('list', { name: `Hosts of ${IMAGE}` })).getAllByRole('listitem');

describe('CardHosts', () => {
  it('lists every host with its state, when it reported, and the digest when the hosts differ', async () => {
    renderApp({ api: threeHosts() });

    const found = await card();
    const rows = hostRows(found);
    expect(rows.map((row) => row.getAttribute('aria-label'))).toEqual(['a: pending', 'b: pending', 'c: pending']);
    expect(rows[0]).toHaveTextContent(/^apendingDismisssha256:aaaaaaaaaaaaseen 3 days ago$/);
    expect(rows[2]).toHaveTextContent('sha256:cccccccccccc');
    // The hosts disagree, so the card names no one digest for the image.
    expect(within(found).queryByText('Digest')).not.toBeInTheDocument();
  });

  it('leaves the digest out when every host runs the same one', async () => {
    const api = new FakeApi();
    api.receive(IMAGE, { hostname: 'a', digest: 'sha256:same' });
    api.receive(IMAGE, { hostname: 'b', digest: 'sha256:same' });
    renderApp({ api });

    const found = await card();
    expect(hostRows(found)[0]).not.toHaveTextContent('sha256');
    expect(within(found).getByText('Digest')).toBeInTheDocument();
  });

  it('dismisses on one host only, the others staying pending', async () => {
    const { api, user } = renderApp({ api: threeHosts() });
    const found = await card();

    await user.click(within(found).getByRole('button', { name: 'Dismiss on b' }));

    expect(hostRows(found).map((row) => row.getAttribute('aria-label'))).toEqual([
      'a: pending',
      'b: dismissed',
      'c: pending',
    ]);
    await waitFor(() =>
      expect(api.writes()).toEqual([
        { method: 'PATCH', path: `/api/updates/${encodeURIComponent(IMAGE)}`, body: undefined },
      ]),
    );
    expect(api.requests.find((request) => request.method === 'PATCH')?.query.get('host')).toBe('b');
    expect(api.updates[IMAGE]?.hosts.map((host) => host.acknowledged)).toEqual([false, true, false]);
    expect(api.updates[IMAGE]?.acknowledged).toBe(false);
  });

  it('dismisses on every host from the footer', async () => {
    const { api, user } = renderApp({ api: threeHosts() });
    const found = await card();

    await user.click(within(found).getByRole('button', { name: `Dismiss all ${IMAGE} on every host` }));

    await waitFor(() => expect(api.updates[IMAGE]?.acknowledged).toBe(true));
    expect(within(found).queryByRole('button', { name: /^Dismiss on/ })).not.toBeInTheDocument();
  });

  it('forgets on one host after a confirmation that says what happens', async () => {
    const { api, user } = renderApp({ api: threeHosts() });
    const found = await card();

    await user.click(within(found).getByRole('button', { name: 'Forget on c' }));
    const dialog = screen.getByRole('dialog', { name: `Forget ${IMAGE} on c?` });
    expect(dialog).toHaveTextContent('a, b keep theirs');
    expect(dialog).toHaveTextContent('Its history stays');
    expect(dialog).toHaveTextContent('A later webhook brings it back');
    expect(dialog).toHaveTextContent('Its tag stays');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Forget' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(api.updates[IMAGE]?.hosts.map((host) => host.hostname)).toEqual(['a', 'b']));
    expect(hostRows(await card())).toHaveLength(2);
    // The row's button went with the row: focus moves to the card's own Forget.
    expect(within(found).getByRole('button', { name: `Forget ${IMAGE} on every host` })).toHaveFocus();
  });

  it('forgets on every host from the footer; Escape cancels first', async () => {
    const api = threeHosts();
    api.receive('redis:7', { hostname: 'a' });
    const { user } = renderApp({ api });
    const found = await card();
    const forget = within(found).getByRole('button', { name: `Forget ${IMAGE} on every host` });

    await user.click(forget);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(forget).toHaveFocus();

    await user.click(forget);
    const dialog = screen.getByRole('dialog', { name: `Forget ${IMAGE}?` });
    expect(dialog).toHaveTextContent('on all 3 hosts that reported it (a, b, c)');
    await user.click(within(dialog).getByRole('button', { name: 'Forget' }));

    await waitFor(() => expect(api.updates[IMAGE]).toBeUndefined());
    expect(screen.getByRole('button', { name: 'History of redis:7' })).toHaveFocus();
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'nginx:1.25' })).not.toBeInTheDocument());
  });

  it('shows a single host as a plain fact, without a host list', async () => {
    const api = new FakeApi();
    api.receive(IMAGE, { hostname: 'vm' });
    renderApp({ api });

    const found = await card();
    expect(within(found).getByText('vm')).toBeInTheDocument();
    expect(within(found).queryByRole('list', { name: `Hosts of ${IMAGE}` })).not.toBeInTheDocument();
    expect(within(found).getByRole('button', { name: `Dismiss ${IMAGE}` })).toBeInTheDocument();
    expect(within(found).getByRole('button', { name: `Forget ${IMAGE}` })).toBeInTheDocument();
  });
});
