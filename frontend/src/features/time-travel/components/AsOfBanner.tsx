import { ArrowLeftIcon, HistoryIcon } from '@/components/icons';
import { RelativeTime } from '@/components/RelativeTime';
import { pageUrl } from '@/lib/page-url';
import { formatAbsolute } from '@/lib/time';
import { useAsOfTime } from '../as-of';
import './AsOfBanner.css';

type AsOfBannerProps = {
  /** The `as_of` of the URL: a log position or an RFC 3339 time. */
  asOf: string;
  /** The log position the server answered for; undefined until it has. */
  position: number | undefined;
  /** Why the server refused `asOf`, if it did. */
  error: string | null;
};

/** Says loudly that the page shows the past, which moment and event that is, and how to get back. */
export function AsOfBanner({ asOf, position, error }: AsOfBannerProps) {
  const time = useAsOfTime(asOf, position);

  return (
    <section className="as-of-banner" aria-label="Time travel">
      <HistoryIcon size={20} />
      <div className="as-of-banner__text">
        {error ? (
          <p role="alert">
            <strong>Can’t show that moment.</strong> {error}
          </p>
        ) : (
          <p role="status">
            <strong>
              Showing the state as of{' '}
              {time ? (
                <RelativeTime value={time.toISOString()}>{formatAbsolute(time)}</RelativeTime>
              ) : position === 0 ? (
                'the start'
              ) : (
                '…'
              )}
            </strong>{' '}
            {position === undefined ? '' : position === 0 ? '(before the first event)' : `(event #${position})`}{' '}
            <span className="as-of-banner__not-live">— not live</span>
          </p>
        )}
        <p className="as-of-banner__hint">
          Read only: nothing can be dismissed or tagged here. DIUN’s new reports keep arriving in the live view.
        </p>
      </div>
      <button type="button" className="button button--accent" onClick={() => pageUrl.navigate({ asOf: null })}>
        <ArrowLeftIcon /> Back to live
      </button>
    </section>
  );
}
