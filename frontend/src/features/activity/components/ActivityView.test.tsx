import { screen, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** 60 receipts (#1 oldest … #60 newest), then a tag and a dismissal of service-59. */
function busyServer(): FakeApi {
  const api = new FakeApi();
  for (let i = 0; i < 60; i++) {
    api.receive(
      `registry.example.com/service-${i}:1`,
      { digest: `sha256:${String(i).padStart(12, '0')}` },
      minutesAgo(120 - i),
    );
  }
  const production = api.addTag('production', minutesAgo(50));
  api.tagImage('registry.example.com/service-59:1', production, minutesAgo(40));
  api.dismiss(['registry.example.com/service-59:1'], minutesAgo(30));
  return api;
}

const activity = () => within(screen.getByRole('region', { name: 'Activity' }));
const rows = () => activity().getAllByRole('listitem');

describe('ActivityView', () => {
  it('lists the latest 50 events, newest first, and loads older ones on request', async () => {
    window.history.replaceState(null, '', '/?view=activity');
    const { api, user } = renderApp({ api: busyServer() });

    expect(await activity().findByText('Showing the latest 50 events.')).toBeInTheDocument();
    expect(rows()).toHaveLength(50);
    expect(rows()[0]).toHaveTextContent(/^Dismissed registry.example.com\/service-59:130 minutes ago\s*api/);
    expect(rows()[1]).toHaveTextContent(/^registry.example.com\/service-59:1 tagged “production”/);
    expect(rows()[2]).toHaveTextContent(/^Tag “production” created/);
    expect(rows()[3]).toHaveTextContent('new registry.example.com/service-59:1');
    expect(rows()[3]).toHaveTextContent('sha256:000000000059');
    expect(within(rows()[49] as HTMLElement).getByRole('link', { name: 'View as of #14' })).toBeInTheDocument();

    await user.click(activity().getByRole('button', { name: 'Load more' }));

    expect(await activity().findByText('All 63 events shown: nothing older.')).toBeInTheDocument();
    expect(rows()).toHaveLength(63);
    expect(rows()[50]).toHaveTextContent('registry.example.com/service-12:1');
    expect(rows()[62]).toHaveTextContent('registry.example.com/service-0:1');
    expect(activity().queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(api.eventQueries().filter((query) => query.includes('order=desc'))).toEqual([
      'order=desc&limit=50',
      'order=desc&limit=50&before=14',
    ]);
  });

  it('filters by kind of event and by image, in the URL', async () => {
    window.history.replaceState(null, '', '/?view=activity');
    const { api, user } = renderApp({ api: busyServer() });
    await activity().findByText('Showing the latest 50 events.');

    await user.selectOptions(activity().getByRole('combobox', { name: 'Show' }), 'Tag changes');

    expect(await activity().findByText('All 2 events shown: nothing older.')).toBeInTheDocument();
    expect(rows().map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^registry.example.com\/service-59:1 tagged “production”/),
      expect.stringMatching(/^Tag “production” created/),
    ]);
    expect(window.location.search).toBe('?view=activity&kind=tags');
    expect(api.eventQueries().at(-1)).toBe(
      'order=desc&limit=50&type=TagCreated%2CTagDeleted%2CTagAssigned%2CTagUnassigned',
    );

    await user.selectOptions(activity().getByRole('combobox', { name: 'Show' }), 'All events');
    await user.type(activity().getByRole('combobox', { name: 'Image' }), 'registry.example.com/service-7:1{Enter}');

    expect(await activity().findByText('All 1 event shown: nothing older.')).toBeInTheDocument();
    expect(rows()[0]).toHaveTextContent('new registry.example.com/service-7:1');
    expect(window.location.search).toBe('?view=activity&for=registry.example.com%2Fservice-7%3A1');

    await user.click(activity().getByRole('button', { name: 'Clear filters' }));
    expect(await activity().findByText('Showing the latest 50 events.')).toBeInTheDocument();
    expect(activity().getByRole('combobox', { name: 'Image' })).toHaveValue('');
  });

  it('says when nothing matches', async () => {
    window.history.replaceState(null, '', '/?view=activity&kind=dismissed&for=nope:1');
    renderApp({ api: busyServer() });

    expect(await activity().findByText('No events match these filters.')).toBeInTheDocument();
  });

  it('opens an image’s history from an event', async () => {
    window.history.replaceState(null, '', '/?view=activity');
    const { user } = renderApp({ api: busyServer() });
    await activity().findByText('Showing the latest 50 events.');

    await user.click(within(rows()[0] as HTMLElement).getByRole('link', { name: 'registry.example.com/service-59:1' }));

    expect(await screen.findByRole('dialog', { name: 'History of registry.example.com/service-59:1' })).toBeVisible();
    expect(new URLSearchParams(window.location.search).get('view')).toBe('activity');
  });

  it('tells forgets, host changes and dismissals on one host apart', async () => {
    const api = new FakeApi();
    api.receive('nginx:1.25', { hostname: 'a' }, minutesAgo(10));
    api.receive('nginx:1.25', { hostname: 'b' }, minutesAgo(9));
    api.dismiss(['nginx:1.25'], minutesAgo(8), 'a');
    api.forget('nginx:1.25', 'b', minutesAgo(7));
    api.renameHost('a', 'alpha', minutesAgo(6));
    api.forgetHost('alpha', minutesAgo(5));
    window.history.replaceState(null, '', '/?view=activity');
    const { user } = renderApp({ api });
    await activity().findByText('All 6 events shown: nothing older.');

    expect(rows().map((row) => row.querySelector('.activity-row__what')?.textContent)).toEqual([
      'Host alpha forgotten, with its images',
      'Host a renamed to alpha',
      'Forgot nginx:1.25 on host b',
      'Dismissed nginx:1.25 on host a',
      'new nginx:1.25',
      'new nginx:1.25',
    ]);

    await user.selectOptions(activity().getByRole('combobox', { name: 'Show' }), 'Host changes');
    expect(await activity().findByText('All 2 events shown: nothing older.')).toBeInTheDocument();
    expect(window.location.search).toBe('?view=activity&kind=hosts');
  });
});
