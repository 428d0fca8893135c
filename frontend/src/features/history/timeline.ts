import type { DiunEvent, LoggedEvent } from '@/api/types';
import type { TagNames, TagRef } from '@/api/tag-log';

type Base = {
  position: number;
  /** When it happened: DIUN's receipt, the dismissal, or when the log recorded it. */
  at: string;
  source: string;
  remoteAddr: string | null;
};

/** One line of an image's history, with what it changed. */
export type TimelineEntry = Base &
  (
    | {
        kind: 'received';
        body: DiunEvent;
        /** The digest of the same host's receipt before this one; null for the host's first receipt. */
        previousDigest: string | null;
        /**
         * The same build its host's entry was dismissed (or is snoozed) with,
         * received again: the entry stays as it was (skip this build).
         */
        kept: 'dismissed' | 'snoozed' | null;
      }
    /** `host` null: on every host. */
    | { kind: 'dismissed'; host: string | null }
    /** Acknowledged until `until`, pending again afterwards. */
    | { kind: 'snoozed'; host: string | null; until: string }
    /** No longer tracked on `host` (on any host when null) until reported again. */
    | { kind: 'forgotten'; host: string | null }
    /** Reported deployed on `host`. */
    | { kind: 'deployed'; host: string; digest: string }
    /** `host`'s update hook was asked to update it; `outcome` says what it answered. */
    | { kind: 'update-requested'; host: string; accepted: boolean; outcome: string }
    | { kind: 'tagged'; tag: TagRef; previousTag: TagRef | null }
    | { kind: 'untagged'; previousTag: TagRef | null }
    /** The image's tag was deleted, which untags it. */
    | { kind: 'tag-deleted'; tag: TagRef }
  );

/**
 * An image's events (any order) turned into a history, oldest first: each
 * receipt knows the digest its host reported before it, each tag change the tag before it, and
 * deleting the image's tag shows up too although that event names no image.
 */
export function buildTimeline(
  imageEvents: readonly LoggedEvent[],
  tagDeletions: readonly LoggedEvent<'TagDeleted'>[],
  names: TagNames,
): TimelineEntry[] {
  const tagRef = (id: number): TagRef => ({ id, name: names.get(id) ?? null });
  const events = [...imageEvents, ...tagDeletions].sort((a, b) => a.position - b.position);
  const entries: TimelineEntry[] = [];
  const digests = new Map<string, string>();
  const hosts = new HostStates();
  let tag: TagRef | null = null;

  for (const event of events) {
    const { source, remote_addr: remoteAddr } = event.audit;
    const base = { position: event.position, at: event.recorded_at, source, remoteAddr };
    switch (event.type) {
      case 'UpdateReceived': {
        const body = event.data.body;
        const at = event.data.received_at || base.at;
        entries.push({
          ...base,
          at,
          kind: 'received',
          body,
          previousDigest: digests.get(body.hostname ?? '') ?? null,
          kept: hosts.receive(body.hostname ?? '', body.digest ?? '', at),
        });
        digests.set(body.hostname ?? '', body.digest ?? '');
        break;
      }
      case 'UpdateDismissed':
        hosts.acknowledge(event.data.host, null);
        entries.push({ ...base, at: event.data.dismissed_at || base.at, kind: 'dismissed', host: event.data.host });
        break;
      case 'UpdateSnoozed': {
        const { host, until, snoozed_at: at } = event.data;
        hosts.acknowledge(host, until);
        entries.push({ ...base, at: at || base.at, kind: 'snoozed', host, until });
        break;
      }
      case 'UpdateForgotten':
        hosts.forget(event.data.host);
        entries.push({ ...base, kind: 'forgotten', host: event.data.host });
        break;
      case 'UpdateDeployed':
        entries.push({ ...base, kind: 'deployed', host: event.data.host, digest: event.data.digest });
        break;
      case 'UpdateRequested': {
        const status = event.data.hook_status;
        const accepted = status !== null && status >= 200 && status < 300;
        entries.push({
          ...base,
          kind: 'update-requested',
          host: event.data.host,
          accepted,
          outcome: event.data.outcome,
        });
        break;
      }
      case 'TagAssigned': {
        const next = tagRef(event.data.tag_id);
        entries.push({ ...base, kind: 'tagged', tag: next, previousTag: tag });
        tag = next;
        break;
      }
      case 'TagUnassigned':
        entries.push({ ...base, kind: 'untagged', previousTag: tag });
        tag = null;
        break;
      case 'TagDeleted':
        if (tag?.id === event.data.id) {
          entries.push({ ...base, kind: 'tag-deleted', tag: { id: event.data.id, name: event.data.name } });
          tag = null;
        }
        break;
      case 'TagCreated':
      case 'HostForgotten':
      case 'HostRenamed':
      case 'HostSilent':
      case 'HostBack':
        break;
    }
  }
  return entries;
}

/** Each host's entry of the image as the events so far left it, with the server's rule for a receipt. */
class HostStates {
  private states = new Map<string, { digest: string; acknowledged: boolean; snoozedUntil: string | null }>();

  /** A receipt: what it kept (the same build as its acknowledged entry's), else it is pending. */
  receive(host: string, digest: string, at: string): 'dismissed' | 'snoozed' | null {
    const state = this.states.get(host);
    if (state?.acknowledged && digest !== '' && state.digest === digest) {
      if (state.snoozedUntil === null) return 'dismissed';
      return Date.parse(state.snoozedUntil) > Date.parse(at) ? 'snoozed' : null;
    }
    this.states.set(host, { digest, acknowledged: false, snoozedUntil: null });
    return null;
  }

  /** A dismissal (`until` null) or a snooze, on `host` or every host: a dismissed entry stays dismissed. */
  acknowledge(host: string | null, until: string | null): void {
    for (const [name, state] of this.states) {
      const open = !state.acknowledged || state.snoozedUntil !== null;
      if ((host === null || host === name) && open)
        this.states.set(name, { ...state, acknowledged: true, snoozedUntil: until });
    }
  }

  forget(host: string | null): void {
    if (host === null) this.states.clear();
    else this.states.delete(host);
  }
}

/** The tag ids `events` mention, to look their names up. */
export function tagIdsOf(events: readonly LoggedEvent[] | undefined): number[] {
  const ids = new Set<number>();
  for (const event of events ?? []) if (event.type === 'TagAssigned') ids.add(event.data.tag_id);
  return [...ids];
}
