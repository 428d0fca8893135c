import type { ReactNode } from 'react';
import type { TagRef } from '@/api/tag-log';
import { shortDigest } from '@/lib/digest';
import { HistoryIcon } from './icons';
import { PageLink } from './PageLink';
import { visibleText } from '@/lib/visible-text';
import './event-parts.css';

export function Digest({ digest }: { digest: string | null | undefined }) {
  if (!digest) return <span className="event__faint">no digest</span>;
  return (
    <code className="event__digest" title={digest}>
      {shortDigest(digest)}
    </code>
  );
}

/** "sha256:60f682dc4b13 → sha256:dc4265e9b214". */
export function DigestChange({ before, after }: { before: string; after: string | null }) {
  return (
    <span className="event__change">
      <Digest digest={before} /> <span className="event__arrow">→</span> <Digest digest={after} />
    </span>
  );
}

export function TagName({ tag }: { tag: TagRef }) {
  return <strong className="event__tag">{tag.name === null ? `tag #${tag.id}` : `“${visibleText(tag.name)}”`}</strong>;
}

const SOURCES: Record<string, string> = {
  webhook: 'Sent by DIUN to the webhook',
  api: 'Through the HTTP API: this page or a script',
  cli: 'By the diundash command line',
  import: 'Imported from DiunDashboard or an export',
  job: 'By diundash itself, in the background (the heartbeat reading each DIUN, a notification sent)',
};

/** Who caused the event, with the details in the tooltip. */
export function Source({ source, remoteAddr }: { source: string; remoteAddr?: string | null }) {
  const explanation = SOURCES[source] ?? 'Source';
  return (
    <span
      className={`source source--${source}`}
      title={remoteAddr ? `${explanation}, from ${remoteAddr}` : explanation}
    >
      {source}
    </span>
  );
}

/** "View as of #12": the dashboard as it stood right after this event. */
export function AsOfLink({ position }: { position: number }) {
  return (
    <PageLink
      className="event__as-of"
      to={{ asOf: String(position), image: null, view: 'updates' }}
      title="Show the dashboard as it stood right after this event"
    >
      <HistoryIcon size={13} />
      View as of #{position}
    </PageLink>
  );
}

/** Dots between facts that are present: "built 2 months ago · linux/amd64 · host vm". */
export function FactLine({ children }: { children: ReactNode[] }) {
  const present = children.filter(Boolean);
  if (present.length === 0) return null;
  return (
    <p className="event__facts">
      {present.map((child, index) => (
        <span key={index}>{child}</span>
      ))}
    </p>
  );
}
