import { memo } from 'react';
import type { HostEntry, Resolution, UpdateEntry } from '@/api/types';
import { RelativeTime } from '@/components/RelativeTime';
import { shortDigest } from '@/lib/digest';
import { hostLabel } from '@/lib/host';
import { imageRefOf } from '@/lib/image-ref';
import { unlessCommon } from '../common-facts';
import { useCardContext } from './card-context';
import { ChangeBadge } from './ChangeBadge';
import { DismissControl } from './DismissControl';
import { ForgetButton, HistoryButton, UpdateButton } from './ImageActions';
import { ImageTag } from './ImageTag';
import { ImageName, imageNameText } from './ImageName';
import { StatusBadge } from './StatusBadge';
import { UpdateRequestNote } from './UpdateRequestNote';

type UpdateRowProps = {
  image: string;
  entry: UpdateEntry;
  /** In a host section: the row shows and acts on the image on this host only. */
  host: string | null;
};

/** What one row shows: the image as a whole, or as one host has it. */
type RowState = {
  status: string | null;
  digest: string | null;
  receivedAt: string;
  acknowledged: boolean;
  acknowledgedAt: string | null;
  resolution: Resolution;
  deployedAt: string | null;
  /** The one host the row stands for: a host section's, or the only host that reported the image. */
  host: HostEntry | undefined;
  snoozedUntil: string | null;
  change: HostEntry['change'];
  previousTag: string | null;
};

function rowState(entry: UpdateEntry, onHost: HostEntry | undefined): RowState {
  if (onHost) {
    return {
      status: onHost.status,
      digest: onHost.digest,
      receivedAt: onHost.received_at,
      acknowledged: onHost.acknowledged,
      acknowledgedAt: onHost.acknowledged_at,
      resolution: onHost.resolution,
      deployedAt: onHost.deployed_at,
      host: onHost,
      snoozedUntil: onHost.snoozed_until,
      change: onHost.change,
      previousTag: onHost.previous_tag,
    };
  }
  const digests = new Set(entry.hosts.map((host) => host.digest));
  return {
    status: entry.event.status,
    // When the hosts run different digests there is no one digest to show.
    digest: digests.size > 1 ? null : entry.event.digest,
    receivedAt: entry.received_at,
    acknowledged: entry.acknowledged,
    acknowledgedAt: entry.acknowledged_at,
    resolution: entry.resolution,
    deployedAt: entry.deployed_at,
    host: entry.hosts.length === 1 ? entry.hosts[0] : undefined,
    snoozedUntil: entry.snoozed_until,
    change: entry.change,
    previousTag: entry.previous_tag,
  };
}

/** One image in the table. Memoized like a card: a poll re-renders only the rows that changed. */
export const UpdateRow = memo(function UpdateRow({ image, entry, host }: UpdateRowProps) {
  const { common } = useCardContext();
  const onHost = host === null ? undefined : entry.hosts.find((h) => h.hostname === host);
  const state = rowState(entry, onHost);
  const hostnames = entry.hosts.map((h) => h.hostname);
  const registry = unlessCommon(imageRefOf(image).registry, common.registry);
  const where = host !== null ? ` on ${hostLabel(host)}` : hostnames.length > 1 ? ' on every host' : '';

  return (
    <tr
      className={state.acknowledged ? 'updates-table__row updates-table__row--acknowledged' : 'updates-table__row'}
      data-image={image}
    >
      <th scope="row" className="col-image" aria-label={imageNameText(image, registry)}>
        <ImageName image={image} registry={registry} />
      </th>
      {host === null && (
        <td className="col-hosts">
          <span className="updates-table__clip" title={hostnames.map(hostLabel).join(', ')}>
            {hostnames.map(hostLabel).join(', ')}
          </span>
        </td>
      )}
      <td className="col-status">
        <span className="updates-table__status">
          <StatusBadge status={state.status} acknowledged={state.acknowledged} />
          <ChangeBadge change={state.change} previousTag={state.previousTag} muted={state.acknowledged} />
        </span>
        <UpdateRequestNote host={state.host} />
      </td>
      <td className="col-digest">
        {state.digest ? (
          <code title={state.digest}>{shortDigest(state.digest)}</code>
        ) : (
          <span className="updates-table__faint">{entry.event.digest ? 'differs by host' : 'none'}</span>
        )}
      </td>
      <td className="col-received">
        <RelativeTime value={state.receivedAt} />
      </td>
      <td className="col-tag">
        <ImageTag image={image} tag={entry.tag} />
      </td>
      <td className="col-actions">
        <div className="updates-table__actions">
          <HistoryButton image={image} withText={false} />
          <ForgetButton image={image} host={host} hosts={hostnames} where={where} />
          {state.host && <UpdateButton image={image} host={state.host.hostname} resolution={state.host.resolution} />}
          <DismissControl
            image={image}
            host={host}
            where={where}
            acknowledged={state.acknowledged}
            acknowledgedAt={state.acknowledgedAt}
            resolution={state.resolution}
            deployedAt={state.deployedAt}
            snoozedUntil={state.snoozedUntil}
            label="Dismiss"
            stateClassName="updates-table__state"
            snoozeText={false}
          />
        </div>
      </td>
    </tr>
  );
});
