import { screen, within } from '@testing-library/react';
import { FakeApi } from '@/testing/fake-api';
import { renderApp } from '@/testing/render-app';

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** Two channels, batches and a weekly digest, and one digest that failed and waits for its retry. */
function setUp(): FakeApi {
  const api = new FakeApi();
  api.notifications = {
    channels: ['ntfys://ntfy.sh', 'mailto://mail.example.com'],
    new: { enabled: true, batch_seconds: 120 },
    digest: { schedule: '0 9 * * 1', timezone: 'Europe/Paris', when_empty: false, next_at: hoursFromNow(50) },
    remind_after_seconds: 14 * 86_400,
    history: [
      {
        key: 'digest:2026-12-07T08:00:00.000000Z',
        channel: 'mailto://mail.example.com',
        kind: 'digest',
        title: 'diundash digest: 3 updates pending on 2 hosts',
        outcome: 'failed',
        attempts: 2,
        first_attempt_at: hoursFromNow(-1),
        last_attempt_at: hoursFromNow(-0.5),
        retry_at: hoursFromNow(0.1),
        error: 'Connection error while submitting email',
      },
    ],
  };
  return api;
}

describe('NotificationsView', () => {
  beforeEach(() => window.history.replaceState(null, '', '/?view=notifications'));

  it('shows the channels, what is sent and when the next digest is, and the sends with their outcomes', async () => {
    renderApp({ api: setUp() });

    const view = within(await screen.findByRole('region', { name: 'Notifications' }));
    expect(screen.getByRole('link', { name: 'Notifications' })).toHaveAttribute('aria-current', 'page');
    expect(await view.findByText('ntfys://ntfy.sh')).toBeInTheDocument();
    expect(view.getByRole('region', { name: 'What is sent' })).toHaveTextContent(
      /^What is sentNew updatesone message per 2 minutes burstDigest0 9 \* \* 1 \(Europe\/Paris\), next .+Remindersonce, after 2 weeks pending$/,
    );
    const row = view.getByRole('row', { name: /digest/ });
    expect(row).toHaveTextContent(/retrying \(2 attempts\) again at \S/);
    expect(row).toHaveTextContent('Connection error while submitting email');
  });

  it('sends a test to every channel and shows it in the history', async () => {
    const api = setUp();
    api.failingChannels = { 'mailto://mail.example.com': 'Connection refused' };
    const { user } = renderApp({ api });

    await user.click(await screen.findByRole('button', { name: 'Send test' }));

    expect(await screen.findByText('Test failed on mailto://mail.example.com.')).toBeInTheDocument();
    expect(api.writes()).toEqual([{ method: 'POST', path: '/api/notifications/test', body: undefined }]);
    const history = within(screen.getByRole('region', { name: 'History' }));
    expect(await history.findAllByRole('row', { name: /test/ })).toHaveLength(2);
  });

  it('says how to set a channel up, with the test button off, when there is none', async () => {
    renderApp({ api: new FakeApi() });

    expect(await screen.findByText(/No channel is set up/)).toHaveTextContent('set NOTIFY_URLS to Apprise URLs');
    expect(screen.getByRole('button', { name: 'Send test' })).toBeDisabled();
    expect(screen.getByText('Nothing sent yet.')).toBeInTheDocument();
  });
});
