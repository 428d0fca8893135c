import { RelativeTime } from '@/components/RelativeTime';
import './ConnectionStates.css';

type UnreachableProps = { message: string; retrySeconds: number | null; onRetry: () => void };

/** Nothing loaded and the server does not answer. */
export function ServerUnreachable({ message, retrySeconds, onRetry }: UnreachableProps) {
  return (
    <section className="state state--error" role="alert" aria-labelledby="unreachable-title">
      <h2 id="unreachable-title">Can’t load updates</h2>
      <p>{message}</p>
      <p>
        Check that the diundash server is running and reachable from this browser.{' '}
        {retrySeconds ? `Retrying every ${retrySeconds} s.` : 'Auto-refresh is off.'}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Retry now
      </button>
    </section>
  );
}

type StaleBannerProps = { message: string; updatedAt: number };

/** Data is shown, but the last polls failed. */
export function StaleDataBanner({ message, updatedAt }: StaleBannerProps) {
  return (
    <div className="banner" role="alert">
      <strong>Connection lost.</strong> {message} Showing what was loaded{' '}
      <RelativeTime value={new Date(updatedAt).toISOString()} />; retrying.
    </div>
  );
}

export function LoadingUpdates() {
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      Loading updates…
    </div>
  );
}
