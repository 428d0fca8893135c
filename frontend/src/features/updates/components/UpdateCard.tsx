import { memo, useId, type DragEvent } from 'react';
import type { UpdateEntry } from '@/api/types';
import { CopyButton } from '@/components/CopyButton';
import { ExternalIcon } from '@/components/icons';
import { RelativeTime } from '@/components/RelativeTime';
import { shortDigest } from '@/lib/digest';
import { hostLabel } from '@/lib/host';
import { imageRefOf } from '@/lib/image-ref';
import { metadataLinks, workloadsOf } from '@/lib/metadata';
import { unlessCommon } from '../common-facts';
import { CardHosts } from './CardHosts';
import { ChangeBadge } from './ChangeBadge';
import { IMAGE_DRAG_TYPE, useCardContext } from './card-context';
import { DismissControl } from './DismissControl';
import { ForgetButton, HistoryButton, UpdateButton } from './ImageActions';
import { ImageTag } from './ImageTag';
import { ImageName, imageNameText } from './ImageName';
import { StatusBadge } from './StatusBadge';
import { UpdateRequestNote } from './UpdateRequestNote';
import './UpdateCard.css';

type UpdateCardProps = { image: string; entry: UpdateEntry };

/**
 * One tracked image and its update, with every host that reported it when
 * there are several. Memoized: polls hand back the same `entry` when nothing changed.
 */
export const UpdateCard = memo(function UpdateCard({ image, entry }: UpdateCardProps) {
  const { readOnly, common } = useCardContext();
  const headingId = useId();
  const registryId = useId();
  const { event, acknowledged, hosts } = entry;
  const severalHosts = hosts.length > 1;
  // An image one host reported: the card stands for that host's item.
  const onlyHost = severalHosts ? undefined : hosts[0];
  const everyHost = severalHosts ? ' on every host' : '';
  const registry = unlessCommon(imageRefOf(image).registry, common.registry);
  const workloads = workloadsOf(event.metadata);
  const links = metadataLinks(event.metadata);

  const onDragStart = (drag: DragEvent) => {
    drag.dataTransfer.setData(IMAGE_DRAG_TYPE, image);
    drag.dataTransfer.setData('text/plain', image);
    drag.dataTransfer.effectAllowed = 'move';
  };

  return (
    <li
      className={acknowledged ? 'card card--acknowledged' : 'card'}
      aria-labelledby={registry ? `${headingId} ${registryId}` : headingId}
      data-image={image}
    >
      <div className="card__top">
        {!readOnly && (
          // Dragged from this handle only, so the card's text stays selectable;
          // the tag menu is the way for the keyboard and touch.
          <span
            className="card__handle"
            draggable
            onDragStart={onDragStart}
            title="Drag onto a tag section"
            aria-hidden="true"
          >
            ⠿
          </span>
        )}
        <StatusBadge status={event.status} acknowledged={acknowledged} />
        <ChangeBadge change={entry.change} previousTag={entry.previous_tag} muted={acknowledged} />
        {onlyHost && <UpdateRequestNote host={onlyHost} />}
        <RelativeTime value={entry.received_at} />
      </div>

      <div className="card__title">
        <h3 id={headingId} className="card__name" aria-label={imageNameText(image)}>
          <ImageName image={image} />
        </h3>
        <CopyButton text={image} label={`Copy image reference ${image}`} />
        {event.hub_link && (
          <a
            className="icon-button icon-button--small"
            href={event.hub_link}
            target="_blank"
            rel="noreferrer"
            aria-label={`Registry page of ${image} (opens in a new tab)`}
            title="Open the registry page"
          >
            <ExternalIcon />
          </a>
        )}
      </div>
      {/* The registry and platform most images share are not repeated on every card. */}
      {registry && (
        <p id={registryId} className="card__registry">
          {registry}
        </p>
      )}

      <dl className="card__facts">
        {!severalHosts && <Fact label="Host" value={hostLabel(hosts[0]?.hostname ?? event.hostname ?? '')} />}
        {workloads && <Fact label={workloads.label} value={workloads.names} />}
        <Fact label="Platform" value={unlessCommon(event.platform, common.platform)} />
        {event.created && (
          <div className="fact">
            <dt>Built</dt>
            <dd>
              <RelativeTime value={event.created} />
            </dd>
          </div>
        )}
        {/* When the hosts run different digests, each host's line shows its own. */}
        {event.digest && !digestsDiffer(hosts) && (
          <div className="fact">
            <dt>Digest</dt>
            <dd className="fact__digest">
              <code title={event.digest}>{shortDigest(event.digest)}</code>
              <CopyButton text={event.digest} label={`Copy digest of ${image}`} />
            </dd>
          </div>
        )}
        {links.length > 0 && (
          <div className="fact">
            <dt>Links</dt>
            <dd className="fact__links">
              {links.map((link) => (
                <a key={link.key} href={link.url} target="_blank" rel="noreferrer noopener" title={link.url}>
                  {link.key}
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              ))}
            </dd>
          </div>
        )}
      </dl>
      {severalHosts && <CardHosts image={image} hosts={hosts} />}

      <div className="card__actions">
        <ImageTag image={image} tag={entry.tag} />
        <span className="card__spacer" />
        <HistoryButton image={image} withText />
        <ForgetButton image={image} host={null} hosts={hosts.map((host) => host.hostname)} where={everyHost} />
        {onlyHost && <UpdateButton image={image} host={onlyHost.hostname} resolution={onlyHost.resolution} />}
        <DismissControl
          image={image}
          host={null}
          where={everyHost}
          acknowledged={acknowledged}
          acknowledgedAt={entry.acknowledged_at}
          resolution={entry.resolution}
          deployedAt={entry.deployed_at}
          snoozedUntil={entry.snoozed_until}
          label={severalHosts ? 'Dismiss all' : 'Dismiss'}
          stateClassName="card__dismissed"
          snoozeText
        />
      </div>
    </li>
  );
});

function digestsDiffer(hosts: UpdateEntry['hosts']): boolean {
  return hosts.some((host) => host.digest !== hosts[0]?.digest);
}

function Fact({ label, value }: { label: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd title={value}>{value}</dd>
    </div>
  );
}
