import { act, screen, waitFor, within } from '@testing-library/react';
import { queryKeys } from '@/api/query-keys';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const APP = '127.0.0.1:5000/demo/app:1.0';
const OLD = 'sha256:60f682dc4b1382d51bc0c3014093143fda9470ef35c21270275596789efa46d2';
const NEW = 'sha256:dc4265e9b2147b6cebd536e254f98010eb66068e4127a444b7285f88d02d7a72';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** demo/app: reported, tagged, re-pushed with a new digest, re-tagged, dismissed, its tag deleted. */
function serverWithHistory(): FakeApi {
  const api = new FakeApi();
  api.receive(APP, { status: 'new', digest: OLD, created: hoursAgo(24 * 60), hostname: 'vm' }, hoursAgo(50));
  const production = api.addTag('production', hoursAgo(49));
  api.tagImage(APP, production, hoursAgo(48));
  api.receive('docker.io/library/redis:7', { digest: 'sha256:ffff' }, hoursAgo(30));
  api.receive(APP, { status: 'update', digest: NEW, created: hoursAgo(26), hostname: 'vm' }, hoursAgo(25));
  const staging = api.addTag('staging', hoursAgo(4));
  api.tagImage(APP, staging, hoursAgo(3));
  api.dismiss([APP], hoursAgo(2));
  api.deleteTag(staging.id, hoursAgo(1));
  return api;
}

const entryTexts = (dialog: HTMLElement) =>
  within(within(dialog).getByRole('list', { name: 'Events, newest first' }))
    .getAllByRole('listitem')
    .map((item) => item.textContent);

describe('ImageTimeline', () => {
  it('opens from a card: every event of the image, newest first, with digest before → after and tag names', async () => {
    const { user } = renderApp({ api: serverWithHistory() });

    await user.click(await screen.findByRole('button', { name: `History of ${APP}` }));

    const dialog = screen.getByRole('dialog', { name: `History of ${APP}` });
    expect(window.location.search).toBe(`?image=${encodeURIComponent(APP)}`);
    await waitFor(() => expect(entryTexts(dialog)).toHaveLength(6));
    const entries = entryTexts(dialog);
    expect(entries[0]).toMatch(/^Tag “staging” deleted, so untagged1 hour ago/);
    expect(entries[1]).toMatch(/^Dismissed2 hours ago/);
    expect(entries[2]).toMatch(/^Moved from “production” to “staging”3 hours ago/);
    expect(entries[3]).toMatch(/^update New digest reported/);
    expect(entries[3]).toContain('sha256:60f682dc4b13 → sha256:dc4265e9b214');
    expect(entries[3]).toContain('built yesterday');
    expect(entries[4]).toMatch(/^Tagged “production”2 days ago/);
    expect(entries[5]).toMatch(/^new First reported by DIUN/);
    expect(entries[5]).toContain('sha256:60f682dc4b13');
    expect(entries[5]).toContain('built 2 months ago');
    expect(entries[5]).toContain('host vm');
    expect(entries[5]).toContain('webhook');
    expect(dialog).toHaveAccessibleDescription(/^6 events since 2 days ago, newest first$/);
  });

  it('opens from the URL, traps focus, and closes with Escape', async () => {
    window.history.replaceState(null, '', `/?image=${encodeURIComponent(APP)}`);
    const { user } = renderApp({ api: serverWithHistory() });

    const dialog = await screen.findByRole('dialog', { name: `History of ${APP}` });
    expect(dialog).toHaveFocus();
    await within(dialog).findAllByRole('link', { name: /View as of/ });
    const close = within(dialog).getByRole('button', { name: 'Close' });
    await user.tab();
    expect(close).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getAllByRole('link').at(-1)).toHaveFocus();
    await user.tab();
    expect(close).toHaveFocus();

    await user.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(window.location.search).toBe('');
  });

  it('says so for an image DIUN never reported', async () => {
    window.history.replaceState(null, '', '/?image=nope:1');
    renderApp({ api: serverWithHistory() });

    const dialog = await screen.findByRole('dialog', { name: 'History of nope:1' });
    expect(await within(dialog).findByText(/DIUN never reported it/)).toBeInTheDocument();
  });

  it('links each event to the dashboard as of that event', async () => {
    window.history.replaceState(null, '', `/?image=${encodeURIComponent(APP)}`);
    const { user } = renderApp({ api: serverWithHistory() });
    const dialog = await screen.findByRole('dialog', { name: `History of ${APP}` });

    await user.click(await within(dialog).findByRole('link', { name: 'View as of #5' }));

    expect(window.location.search).toBe('?as_of=5');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByRole('region', { name: 'Time travel' })).toHaveTextContent('(event #5) — not live');
  });

  it('follows the log: a report arriving while it is open shows up on the next poll', async () => {
    const api = serverWithHistory();
    window.history.replaceState(null, '', `/?image=${encodeURIComponent(APP)}`);
    const { queryClient } = renderApp({ api });
    const dialog = await screen.findByRole('dialog', { name: `History of ${APP}` });
    await waitFor(() => expect(entryTexts(dialog)).toHaveLength(6));

    api.receive(APP, { status: 'update', digest: 'sha256:0123456789abcdef', hostname: 'vm' });
    await act(() => queryClient.refetchQueries({ queryKey: queryKeys.updates }));

    await waitFor(() => expect(entryTexts(dialog)).toHaveLength(7));
    expect(entryTexts(dialog)[0]).toContain('sha256:dc4265e9b214 → sha256:0123456789ab');
  });

  it('marks where the dashboard’s past state is, when it shows one', async () => {
    window.history.replaceState(null, '', `/?as_of=3&image=${encodeURIComponent(APP)}`);
    renderApp({ api: serverWithHistory() });

    const dialog = await screen.findByRole('dialog', { name: `History of ${APP}` });
    const marker = await within(dialog).findByText('The dashboard is showing the state as of here (event #3)');
    await waitFor(() => expect(entryTexts(dialog)).toHaveLength(7));
    expect(entryTexts(dialog).indexOf(marker.textContent)).toBe(4);
    expect(entryTexts(dialog)[5]).toMatch(/^Tagged “production”/);
  });
});
