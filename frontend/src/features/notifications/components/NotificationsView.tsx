import type { Notifications, NotificationSend } from '@/api/types';
import { RelativeTime } from '@/components/RelativeTime';
import { plural } from '@/lib/plural';
import { formatAbsolute } from '@/lib/time';
import { useNotifications } from '../api/get-notifications';
import { useSendTestNotification } from '../api/send-test';
import './NotificationsView.css';

/**
 * Where notifications go (each channel by its scheme and host only: the server never shows the
 * rest of a URL), what is sent and when the next digest is, the latest sends with how they went,
 * and a button that sends a test to every channel.
 */
export function NotificationsView() {
  const notifications = useNotifications();
  const sendTest = useSendTestNotification();

  let body;
  if (notifications.isPending) {
    body = (
      <div className="state state--loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading notifications…
      </div>
    );
  } else if (notifications.isError) {
    body = (
      <div className="state state--error" role="alert">
        <h2>Can’t load the notifications</h2>
        <p>{notifications.error.message}</p>
        <button type="button" className="button" onClick={() => void notifications.refetch()}>
          Retry
        </button>
      </div>
    );
  } else {
    const { channels } = notifications.data;
    body = (
      <>
        <section className="notifications__part" aria-labelledby="notifications-channels">
          <h3 id="notifications-channels">Channels</h3>
          {channels.length === 0 ? (
            <p className="notifications__none">
              No channel is set up: set <code>NOTIFY_URLS</code> to Apprise URLs (ntfy, Gotify, email, chat…).
            </p>
          ) : (
            <ul className="notifications__channels">
              {channels.map((channel) => (
                <li key={channel}>
                  <code>{channel}</code>
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="button button--small"
            disabled={channels.length === 0 || sendTest.isPending}
            onClick={() => sendTest.mutate()}
          >
            {sendTest.isPending ? 'Sending…' : 'Send test'}
          </button>
        </section>
        <SetUp notifications={notifications.data} />
        <History sends={notifications.data.history} />
      </>
    );
  }

  return (
    <section className="notifications" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="notifications__title">
        Notifications
      </h2>
      {body}
    </section>
  );
}

function duration(seconds: number): string {
  if (seconds % 604_800 === 0) return plural(seconds / 604_800, 'week');
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3_600 === 0) return plural(seconds / 3_600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

function SetUp({ notifications }: { notifications: Notifications }) {
  const { new: batches, digest, remind_after_seconds: remindAfter } = notifications;
  return (
    <section className="notifications__part" aria-labelledby="notifications-setup">
      <h3 id="notifications-setup">What is sent</h3>
      <dl className="notifications__facts">
        <dt>New updates</dt>
        <dd>{batches.enabled ? `one message per ${duration(batches.batch_seconds)} burst` : 'off'}</dd>
        <dt>Digest</dt>
        <dd>
          {digest.schedule ? (
            <>
              <code>{digest.schedule}</code> ({digest.timezone})
              {digest.next_at && (
                <>
                  , next <At value={digest.next_at} />
                </>
              )}
            </>
          ) : (
            'off'
          )}
        </dd>
        <dt>Reminders</dt>
        <dd>{remindAfter ? `once, after ${duration(remindAfter)} pending` : 'off'}</dd>
      </dl>
    </section>
  );
}

function History({ sends }: { sends: NotificationSend[] }) {
  return (
    <section className="notifications__part" aria-labelledby="notifications-history">
      <h3 id="notifications-history">History</h3>
      {sends.length === 0 ? (
        <p className="notifications__none">Nothing sent yet.</p>
      ) : (
        <div className="notifications__scroll">
          <table className="notifications__table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Channel</th>
                <th scope="col">Message</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {sends.map((send) => (
                <tr key={`${send.key} ${send.channel}`} className={`send send--${outcomeOf(send)}`}>
                  <td>
                    <RelativeTime value={send.last_attempt_at} />
                  </td>
                  <td>{send.kind}</td>
                  <td>
                    <code>{send.channel}</code>
                  </td>
                  <td>{send.title}</td>
                  <td>
                    <Outcome send={send} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A time to come, in full (relative times here only go back). */
function At({ value }: { value: string }) {
  return <time dateTime={value}>{formatAbsolute(new Date(value))}</time>;
}

function outcomeOf(send: NotificationSend): 'sent' | 'retrying' | 'failed' {
  if (send.outcome === 'sent') return 'sent';
  return send.retry_at ? 'retrying' : 'failed';
}

function Outcome({ send }: { send: NotificationSend }) {
  const outcome = outcomeOf(send);
  const attempts = send.attempts > 1 ? ` (${plural(send.attempts, 'attempt')})` : '';
  return (
    <>
      <span className={`badge send__outcome send__outcome--${outcome}`}>{outcome}</span>
      {attempts}
      {send.retry_at && (
        <>
          {' '}
          again at <At value={send.retry_at} />
        </>
      )}
      {send.error && <div className="send__error">{send.error}</div>}
    </>
  );
}
