import { Fragment, useMemo } from 'react';
import { useTagLog } from '@/api/tag-log';
import { AsOfLink, Digest, DigestChange, FactLine, Source, TagName } from '@/components/event-parts';
import { RelativeTime } from '@/components/RelativeTime';
import { hostLabel } from '@/lib/host';
import { SidePanel } from '@/components/SidePanel';
import { workloadsOf } from '@/lib/metadata';
import { formatShort, parseTime } from '@/lib/time';
import { plural } from '@/lib/plural';
import { useImageHistory } from '../api/get-image-history';
import { buildTimeline, tagIdsOf, type TimelineEntry } from '../timeline';
import { visibleText } from '@/lib/visible-text';
import './ImageTimeline.css';

type ImageTimelineProps = {
  image: string;
  /** The log position the dashboard shows, when it shows the past; later entries are dimmed. */
  asOfPosition: number | null;
  onClose: () => void;
};

/** Everything that happened to one image, newest first, in a side panel. */
export function ImageTimeline({ image, asOfPosition, onClose }: ImageTimelineProps) {
  const history = useImageHistory(image);
  const tagLog = useTagLog(tagIdsOf(history.data));
  const entries = useMemo(
    () => (history.data ? buildTimeline(history.data, tagLog.deletions, tagLog.names).reverse() : null),
    [history.data, tagLog.deletions, tagLog.names],
  );
  const first = entries?.at(-1);

  return (
    <SidePanel
      title={
        <>
          <span className="panel__eyebrow">History of</span> <span className="panel__image">{visibleText(image)}</span>
        </>
      }
      subtitle={
        entries && first ? (
          <>
            {plural(entries.length, 'event')} since <RelativeTime value={first.at} />, newest first
          </>
        ) : undefined
      }
      onClose={onClose}
    >
      {history.isPending ? (
        <p className="panel__state" role="status">
          <span className="spinner" aria-hidden="true" /> Loading history…
        </p>
      ) : history.isError ? (
        <div className="panel__state panel__state--error" role="alert">
          <p>Can’t load the history: {history.error.message}</p>
          <button type="button" className="button button--small" onClick={() => void history.refetch()}>
            Retry
          </button>
        </div>
      ) : entries && entries.length > 0 ? (
        <ol className="timeline" aria-label="Events, newest first">
          {entries.map((entry, index) => {
            const future = asOfPosition !== null && entry.position > asOfPosition;
            const nextIsShown = asOfPosition !== null && (entries[index + 1]?.position ?? 0) <= asOfPosition;
            return (
              <Fragment key={entry.position}>
                <TimelineItem entry={entry} future={future} />
                {future && nextIsShown && (
                  <li className="timeline__marker">
                    The dashboard is showing the state as of here (event #{asOfPosition})
                  </li>
                )}
              </Fragment>
            );
          })}
        </ol>
      ) : (
        <p className="panel__state">Nothing has happened to this image: DIUN never reported it.</p>
      )}
    </SidePanel>
  );
}

function TimelineItem({ entry, future }: { entry: TimelineEntry; future: boolean }) {
  return (
    <li className={`timeline__entry timeline__entry--${entry.kind}${future ? ' timeline__entry--future' : ''}`}>
      <span className="timeline__dot" aria-hidden="true" />
      <div className="timeline__head">
        <p className="timeline__what">
          <Summary entry={entry} />
        </p>
        <p className="timeline__meta">
          <RelativeTime value={entry.at} /> <Source source={entry.source} remoteAddr={entry.remoteAddr} />
        </p>
      </div>
      <Details entry={entry} />
      <AsOfLink position={entry.position} />
    </li>
  );
}

function Summary({ entry }: { entry: TimelineEntry }) {
  switch (entry.kind) {
    case 'received': {
      const status = entry.body.status || 'unknown';
      const text = entry.kept
        ? `Received again, stays ${entry.kept}`
        : entry.previousDigest === null
          ? 'First reported by DIUN'
          : entry.previousDigest !== (entry.body.digest ?? '')
            ? 'New digest reported'
            : 'Reported again, same digest';
      return (
        <>
          <span className={`badge badge--${status === 'new' ? 'new' : 'update'}`}>{status}</span> {text}
        </>
      );
    }
    case 'dismissed':
      return entry.host === null ? <>Dismissed</> : <>Dismissed on host {hostLabel(entry.host)}</>;
    case 'snoozed': {
      const until = parseTime(entry.until);
      const when = until ? formatShort(until) : entry.until;
      return entry.host === null ? (
        <>Snoozed until {when}</>
      ) : (
        <>
          Snoozed on host {hostLabel(entry.host)} until {when}
        </>
      );
    }
    case 'forgotten':
      return entry.host === null ? <>Forgotten on every host</> : <>Forgotten on host {hostLabel(entry.host)}</>;
    case 'deployed':
      return <>Deployed on host {hostLabel(entry.host)}</>;
    case 'update-requested':
      return (
        <>
          Update asked of {hostLabel(entry.host)}’s hook: {entry.outcome}
        </>
      );
    case 'tagged':
      return entry.previousTag ? (
        <>
          Moved from <TagName tag={entry.previousTag} /> to <TagName tag={entry.tag} />
        </>
      ) : (
        <>
          Tagged <TagName tag={entry.tag} />
        </>
      );
    case 'untagged':
      return entry.previousTag ? (
        <>
          Removed from <TagName tag={entry.previousTag} />
        </>
      ) : (
        <>Tag removed</>
      );
    case 'tag-deleted':
      return (
        <>
          Tag <TagName tag={entry.tag} /> deleted, so untagged
        </>
      );
  }
}

function Details({ entry }: { entry: TimelineEntry }) {
  if (entry.kind !== 'received') return null;
  const { body, previousDigest } = entry;
  const changed = previousDigest !== null && previousDigest !== (body.digest ?? '');
  const workloads = workloadsOf(body.metadata);
  return (
    <>
      <p className="event__digest-line">
        {changed ? <DigestChange before={previousDigest} after={body.digest} /> : <Digest digest={body.digest} />}
      </p>
      <FactLine>
        {[
          body.created ? <RelativeTime key="built" value={body.created} prefix="built " /> : null,
          body.platform || null,
          body.hostname ? `host ${hostLabel(body.hostname)}` : null,
          workloads ? `${workloads.label.toLowerCase()} ${workloads.names}` : null,
        ]}
      </FactLine>
    </>
  );
}
