import { screen, waitFor, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const IMAGE = 'docker.io/library/nginx:1.25';

/** nginx on nas (which has an update hook) and on web-1 (which has none). */
function twoHosts(): FakeApi {
  const api = new FakeApi();
  api.updateHooks.add('nas');
  api.receive(IMAGE, { hostname: 'nas', digest: 'sha256:aaa' });
  api.receive(IMAGE, { hostname: 'web-1', digest: 'sha256:aaa' });
  return api;
}

const card = () => screen.findByRole('listitem', { name: /^nginx:1\.25( docker\.io)?$/ });
const hostRow = (found: HTMLElement, name: RegExp) =>
  within(within(found).getByRole('list', { name: `Hosts of ${IMAGE}` })).getByRole('listitem', { name });

describe('Update now', () => {
  it('offers Update only on the hosts with a hook', async () => {
    renderApp({ api: twoHosts() });
    const found = await card();

    expect(await within(found).findByRole('button', { name: `Update ${IMAGE} on nas` })).toBeInTheDocument();
    expect(within(found).queryByRole('button', { name: `Update ${IMAGE} on web-1` })).not.toBeInTheDocument();
  });

  it('asks first, then calls the hook through the server and says it was taken', async () => {
    const { api, user } = renderApp({ api: twoHosts() });
    const found = await card();

    await user.click(await within(found).findByRole('button', { name: `Update ${IMAGE} on nas` }));
    const dialog = screen.getByRole('dialog', { name: `Update ${IMAGE} on nas?` });
    expect(dialog).toHaveTextContent('has not deployed anything yet');
    expect(api.writes()).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Update' }));

    await waitFor(() =>
      expect(api.writes()).toEqual([
        { method: 'POST', path: '/api/update-requests', body: { image: IMAGE, host: 'nas' } },
      ]),
    );
    expect(await screen.findByText(/Update of .* requested on nas: the hook accepted it/)).toBeInTheDocument();
    await waitFor(() => expect(hostRow(found, /^nas:/)).toHaveAccessibleName('nas: update requested'));
    expect(hostRow(found, /^web-1:/)).toHaveAccessibleName('web-1: pending');
  });

  it('cancelled, calls nothing', async () => {
    const { api, user } = renderApp({ api: twoHosts() });
    const found = await card();

    await user.click(await within(found).findByRole('button', { name: `Update ${IMAGE} on nas` }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.writes()).toEqual([]);
  });

  it('says what a refusing hook answered, and the item that it failed', async () => {
    const api = twoHosts();
    api.hookAnswer = { status: 500, body: 'no space left on device' };
    const { user } = renderApp({ api });
    const found = await card();

    await user.click(await within(found).findByRole('button', { name: `Update ${IMAGE} on nas` }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Update' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/failed: .*HTTP 500.*no space left on device/);
    await waitFor(() => expect(hostRow(found, /^nas:/)).toHaveAccessibleName('nas: update failed'));
  });

  it('shows a deployed update as deployed, with no Update and no Dismiss', async () => {
    const api = twoHosts();
    api.deploy(IMAGE, 'nas');
    renderApp({ api });
    const found = await card();

    expect(hostRow(found, /^nas:/)).toHaveAccessibleName('nas: deployed');
    expect(hostRow(found, /^nas:/)).toHaveTextContent(/deployed .*ago|deployed just now/);
    expect(within(found).queryByRole('button', { name: `Update ${IMAGE} on nas` })).not.toBeInTheDocument();
    expect(within(found).queryByRole('button', { name: 'Dismiss on nas' })).not.toBeInTheDocument();
  });

  it('shows an image deployed on its one host as deployed on the card', async () => {
    const api = new FakeApi();
    api.receive(IMAGE, { hostname: 'nas' });
    api.deploy(IMAGE, 'nas');
    renderApp({ api });

    expect(await card()).toHaveTextContent(/Deployed/);
  });
});
