import { act, screen, waitFor, within } from '@testing-library/react';
import { queryKeys } from '@/api/query-keys';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';
import { formatAbsolute } from '@/lib/time';

const APP = '127.0.0.1:5000/demo/app:1.0';
const REDIS = 'docker.io/library/redis:7';

/** #1 APP reported, #2 REDIS reported, #3 tag created, #4 APP tagged, #5 APP dismissed. */
function serverWithDismissal(): FakeApi {
  const api = new FakeApi();
  api.receive(APP, { status: 'update' }, '2026-03-23T10:00:00Z');
  api.receive(REDIS, { status: 'new' }, '2026-03-23T10:01:00Z');
  const production = api.addTag('production', '2026-03-23T10:02:00Z');
  api.tagImage(APP, production, '2026-03-23T10:03:00Z');
  api.dismiss([APP], '2026-03-23T10:04:00Z');
  return api;
}

const banner = () => screen.getByRole('region', { name: 'Time travel' });
const liveUpdateRequests = (api: FakeApi) =>
  api.requests.filter((request) => request.path === '/api/updates' && !request.query.has('as_of')).length;

describe('time travel', () => {
  it('shows the state before a dismissal, read only, with a banner saying it is not live', async () => {
    window.history.replaceState(null, '', '/?as_of=4');
    const { api, queryClient } = renderApp({ api: serverWithDismissal() });

    const card = await screen.findByRole('listitem', { name: /demo\/app/ });
    await waitFor(() =>
      expect(banner()).toHaveTextContent(
        `Showing the state as of ${formatAbsolute(new Date('2026-03-23T10:03:00Z'))} (event #4) — not live`,
      ),
    );
    expect(within(card).getByText('Pending')).toBeInTheDocument();
    expect(within(card).getByText('production')).toBeInTheDocument();
    expect(card.querySelector('[draggable="true"]')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Dismiss/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Tag of/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'New tag name' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete tag/ })).not.toBeInTheDocument();
    expect(screen.getByText('Not live')).toBeInTheDocument();
    expect(document.title).toBe('(2) diundash, as of #4');

    // Not polled: a refetch of the live list (as the interval would do) has nothing to run.
    await act(() => queryClient.refetchQueries({ queryKey: queryKeys.updates, type: 'active' }));
    expect(liveUpdateRequests(api)).toBe(0);
    expect(api.writes()).toEqual([]);
  });

  it('goes back to live', async () => {
    window.history.replaceState(null, '', '/?as_of=4');
    const { user } = renderApp({ api: serverWithDismissal() });
    await screen.findByRole('listitem', { name: /demo\/app/ });

    await user.click(within(banner()).getByRole('button', { name: 'Back to live' }));

    const card = screen.getByRole('listitem', { name: /demo\/app/ });
    expect(await within(card).findByText('Dismissed')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Time travel' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: `Dismiss ${REDIS}` })).toBeEnabled();
    expect(screen.getByRole('button', { name: `Tag of ${APP}: production` })).toBeInTheDocument();
    expect(window.location.search).toBe('');
  });

  it('picks a moment with the date and time picker, sent to the server in UTC', async () => {
    const { api, user } = renderApp({ api: serverWithDismissal() });
    await screen.findByRole('listitem', { name: /demo\/app/ });

    await user.click(screen.getByRole('button', { name: 'Time travel' }));
    const picker = screen.getByRole('region', { name: 'Pick a moment' });
    const localTime = '2026-03-23T10:01:30';
    await user.type(within(picker).getByLabelText('Show the state as of'), localTime);
    await user.click(within(picker).getByRole('button', { name: 'Show' }));

    const asOf = new Date(localTime).toISOString().replace('.000Z', 'Z');
    expect(new URLSearchParams(window.location.search).get('as_of')).toBe(asOf);
    await waitFor(() => expect(banner()).toHaveTextContent('(event #2) — not live'));
    expect(banner()).toHaveTextContent(`as of ${formatAbsolute(new Date(asOf))}`);
    expect(screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual([
      'redis:7',
      'demo/app:1.0',
    ]);
    expect(api.requests.at(-1)?.query.get('as_of')).toBe(asOf);
  });

  it('explains a moment the server refuses', async () => {
    window.history.replaceState(null, '', '/?as_of=99');
    renderApp({ api: serverWithDismissal() });

    expect(await within(banner()).findByRole('alert')).toHaveTextContent(
      "Can’t show that moment. 'as_of' position 99 is past the end of the log (5)",
    );
    expect(within(banner()).getByRole('button', { name: 'Back to live' })).toBeInTheDocument();
  });

  it('lists only the events up to the moment shown in the activity view', async () => {
    window.history.replaceState(null, '', '/?view=activity&as_of=3');
    renderApp({ api: serverWithDismissal() });

    const activity = within(screen.getByRole('region', { name: 'Activity' }));
    expect(await activity.findByText('All 3 events shown: nothing older.')).toBeInTheDocument();
    expect(activity.getAllByRole('listitem')[0]).toHaveTextContent('Tag “production” created');
  });
});
