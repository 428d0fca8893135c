import { memo } from 'react';
import type { TagNames } from '@/api/tag-log';
import type { LoggedEvent } from '@/api/types';
import { AsOfLink, Digest, FactLine, Source, TagName } from '@/components/event-parts';
import { PageLink } from '@/components/PageLink';
import { RelativeTime } from '@/components/RelativeTime';
import { hostLabel } from '@/lib/host';
import { formatShort, parseTime } from '@/lib/time';
import { visibleText } from '@/lib/visible-text';
import './ActivityRow.css';

type ActivityRowProps = { event: LoggedEvent; names: TagNames };

/** One event of the log, as a line of the activity list. */
export const ActivityRow = memo(function ActivityRow({ event, names }: ActivityRowProps) {
  return (
    // Focusable by script only: "Load more" moves focus to the first row it loaded.
    <li className={`activity-row activity-row--${event.type}`} data-position={event.position} tabIndex={-1}>
      <span className="activity-row__dot" aria-hidden="true" />
      <div className="activity-row__main">
        <p className="activity-row__what">
          <Summary event={event} names={names} />
        </p>
        {event.type === 'UpdateReceived' && (
          <FactLine>
            {[
              <Digest key="digest" digest={event.data.body.digest} />,
              event.data.body.platform || null,
              event.data.body.hostname ? `host ${hostLabel(event.data.body.hostname)}` : null,
            ]}
          </FactLine>
        )}
      </div>
      <div className="activity-row__side">
        <RelativeTime value={timeOf(event)} />
        <Source source={event.audit.source} remoteAddr={event.audit.remote_addr} />
        <AsOfLink position={event.position} />
      </div>
    </li>
  );
});

function Summary({ event, names }: ActivityRowProps) {
  const tag = (id: number) => <TagName tag={{ id, name: names.get(id) ?? null }} />;
  switch (event.type) {
    case 'UpdateReceived': {
      const status = event.data.body.status || 'unknown';
      return (
        <>
          <span className={`badge badge--${status === 'new' ? 'new' : 'update'}`}>{status}</span>{' '}
          <ImageLink image={event.data.body.image} />
        </>
      );
    }
    case 'UpdateDismissed':
      return (
        <>
          Dismissed <ImageLink image={event.data.image} />
          <OnHost host={event.data.host} />
        </>
      );
    case 'UpdateSnoozed':
      return (
        <>
          Snoozed <ImageLink image={event.data.image} />
          <OnHost host={event.data.host} /> until <Until value={event.data.until} />
        </>
      );
    case 'UpdateForgotten':
      return (
        <>
          Forgot <ImageLink image={event.data.image} />
          <OnHost host={event.data.host} />
        </>
      );
    case 'UpdateDeployed':
      return (
        <>
          Deployed <ImageLink image={event.data.image} />
          <OnHost host={event.data.host} />
        </>
      );
    case 'UpdateRequested':
      return (
        <>
          Update of <ImageLink image={event.data.image} /> asked of <HostName hostname={event.data.host} />
          ’s hook: {event.data.outcome}
        </>
      );
    case 'HostForgotten':
      return (
        <>
          Host <HostName hostname={event.data.hostname} /> forgotten, with its images
        </>
      );
    case 'HostSilent':
      return (
        <>
          Host <HostName hostname={event.data.hostname} /> went silent: {event.data.reason}
        </>
      );
    case 'HostBack':
      return (
        <>
          Host <HostName hostname={event.data.hostname} /> is back: its DIUN checked again
        </>
      );
    case 'HostRenamed':
      return (
        <>
          Host <HostName hostname={event.data.hostname} /> renamed to <HostName hostname={event.data.new_hostname} />
        </>
      );
    case 'TagAssigned':
      return (
        <>
          <ImageLink image={event.data.image} /> tagged {tag(event.data.tag_id)}
        </>
      );
    case 'TagUnassigned':
      return (
        <>
          <ImageLink image={event.data.image} /> untagged
        </>
      );
    case 'TagCreated':
      return <>Tag {tag(event.data.id)} created</>;
    case 'TagDeleted':
      return <>Tag {tag(event.data.id)} deleted</>;
  }
}

/** When a snooze ends: in the future, so as a date, not as "… ago". */
function Until({ value }: { value: string }) {
  const time = parseTime(value);
  return <time dateTime={value}>{time ? formatShort(time) : value}</time>;
}

/** " on host vm"; nothing when the event names no host (it applied to every host). */
function OnHost({ host }: { host: string | null }) {
  return host === null ? null : (
    <>
      {' '}
      on host <HostName hostname={host} />
    </>
  );
}

function HostName({ hostname }: { hostname: string }) {
  return <strong className="activity-row__host">{hostLabel(hostname)}</strong>;
}

/** The image, linking to its history panel. */
function ImageLink({ image }: { image: string }) {
  return (
    <PageLink className="activity-row__image" to={{ image }} title={`Show the history of ${visibleText(image)}`}>
      {visibleText(image)}
    </PageLink>
  );
}

/** When it happened: DIUN's receipt time, the dismissal time, or when the log recorded it. */
export function timeOf(event: LoggedEvent): string {
  if (event.type === 'UpdateReceived') return event.data.received_at || event.recorded_at;
  if (event.type === 'UpdateDismissed') return event.data.dismissed_at || event.recorded_at;
  if (event.type === 'UpdateSnoozed') return event.data.snoozed_at || event.recorded_at;
  return event.recorded_at;
}
