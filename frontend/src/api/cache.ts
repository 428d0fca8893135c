import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from './query-keys';
import type { HostEntry, Tag, UpdatesByImage } from './types';

/**
 * Optimistic updates: the changes a write makes to the cached updates and tags
 * before the server answers, shared by every feature that writes. Each
 * `patchCached*` applies `change` right away and returns how to undo it; an
 * in-flight read is cancelled so it cannot overwrite the change with older data.
 */
export function patchCachedUpdates(
  queryClient: QueryClient,
  change: (updates: UpdatesByImage) => UpdatesByImage,
): Promise<() => void> {
  return patchCached(queryClient, queryKeys.updates, change);
}

export function patchCachedTags(queryClient: QueryClient, change: (tags: Tag[]) => Tag[]): Promise<() => void> {
  return patchCached(queryClient, queryKeys.tags, change);
}

async function patchCached<T>(
  queryClient: QueryClient,
  queryKey: readonly unknown[],
  change: (data: T) => T,
): Promise<() => void> {
  await queryClient.cancelQueries({ queryKey });
  const previous = queryClient.getQueryData<T>(queryKey);
  if (previous) queryClient.setQueryData(queryKey, change(previous));
  return () => queryClient.setQueryData(queryKey, previous);
}

/**
 * `updates` with `images` marked acknowledged now, on `host` only when given
 * (the entry is acknowledged once every host's is): dismissed, or snoozed
 * `until` then. A dismissed host stays dismissed; untouched entries keep their identity.
 */
export function acknowledge(
  updates: UpdatesByImage,
  images: string[],
  host: string | null = null,
  until: string | null = null,
): UpdatesByImage {
  const next = { ...updates };
  const now = new Date().toISOString();
  for (const image of images) {
    const entry = next[image];
    if (!entry) continue;
    const open = (h: HostEntry) => !h.acknowledged || h.snoozed_until !== null;
    if (!entry.hosts.some(open)) continue;
    const hosts = entry.hosts.map((h) =>
      open(h) && (host === null || h.hostname === host)
        ? {
            ...h,
            acknowledged: true,
            acknowledged_at: now,
            snoozed_until: until,
            resolution: until ? ('snoozed' as const) : ('dismissed' as const),
          }
        : h,
    );
    const acknowledged = hosts.every((h) => h.acknowledged);
    const snoozes = hosts.flatMap((h) => (h.snoozed_until ? [h.snoozed_until] : [])).sort();
    const deployed = hosts.every((h) => h.resolution === 'deployed');
    next[image] = {
      ...entry,
      hosts,
      acknowledged,
      acknowledged_at: acknowledged ? now : null,
      snoozed_until: acknowledged ? (snoozes[0] ?? null) : null,
      resolution: !acknowledged ? null : deployed ? 'deployed' : snoozes.length > 0 ? 'snoozed' : 'dismissed',
    };
  }
  return next;
}

/**
 * `updates` without `image` on `host` (on every host when null); the entry
 * goes when no host is left. Its other fields wait for the server's answer.
 */
export function forget(updates: UpdatesByImage, image: string, host: string | null = null): UpdatesByImage {
  const entry = updates[image];
  if (!entry) return updates;
  const hosts = host === null ? [] : entry.hosts.filter((h) => h.hostname !== host);
  if (hosts.length === 0) return Object.fromEntries(Object.entries(updates).filter(([other]) => other !== image));
  const acknowledged = hosts.every((h) => h.acknowledged);
  return { ...updates, [image]: { ...entry, hosts, acknowledged } };
}

/** `updates` without anything `hostname` reported. */
export function forgetHost(updates: UpdatesByImage, hostname: string): UpdatesByImage {
  let next = updates;
  for (const [image, entry] of Object.entries(updates)) {
    if (entry.hosts.some((h) => h.hostname === hostname)) next = forget(next, image, hostname);
  }
  return next;
}

/** `updates` with `image` under `tag` (null: no tag). */
export function withImageTag(updates: UpdatesByImage, image: string, tag: Tag | null): UpdatesByImage {
  const entry = updates[image];
  return entry ? { ...updates, [image]: { ...entry, tag } } : updates;
}

/** `updates` with every image under the tag `tagId` untagged, as deleting that tag does. */
export function untagAll(updates: UpdatesByImage, tagId: number): UpdatesByImage {
  const next = { ...updates };
  for (const [image, entry] of Object.entries(updates)) {
    if (entry.tag?.id === tagId) next[image] = { ...entry, tag: null };
  }
  return next;
}

/** `tags` with `tag` in it, replacing one with the same id. */
export function withTag(tags: Tag[], tag: Tag): Tag[] {
  return [...tags.filter((t) => t.id !== tag.id), tag];
}

/** `tags` without the one with id `tagId`. */
export function withoutTag(tags: Tag[], tagId: number): Tag[] {
  return tags.filter((t) => t.id !== tagId);
}
