import type { HostEntry, Tag, UpdateEntry, UpdatesByImage } from '@/api/types';
import { hostLabel } from '@/lib/host';
import { imageRefOf, isConnectionTest, repositoryTitle, shortRepository } from '@/lib/image-ref';
import { workloadsOf } from '@/lib/metadata';
import { parseTime } from '@/lib/time';
import { largestChange, newestTag, type Change } from '@/lib/versions';
import type { SortKey, ViewParams } from './view-url';

export type UpdateItem = { image: string; entry: UpdateEntry };

/** What a repository's line says before it is opened: its newest tag, the new tags pending, the largest change. */
export type RepositorySummary = { newestTag: string | null; pendingNew: number; largestChange: Change | null };

export type Section = {
  key: string;
  title: string;
  /** `tag` and `untagged` sections accept dropped images; `host` and `repository` sections do not. */
  kind: 'tag' | 'untagged' | 'host' | 'repository';
  tag: Tag | null;
  /** The host of a `host` section (its pending images are those pending there); null for the others. */
  host: string | null;
  items: UpdateItem[];
  /** A `repository` section's line; null for the others. */
  repository: RepositorySummary | null;
};

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Filter, sort and group the updates as the view asks. Pure, so it can be memoized. */
export function buildSections(updates: UpdatesByImage, tags: Tag[], view: ViewParams): Section[] {
  const items = sortItems(filterItems(updates, view), view.sort);
  if (view.group === 'host') return groupByHost(items, view);
  if (view.group === 'repository') return groupByRepository(items);
  // Empty tag sections stay visible as drop targets unless the user narrowed the list.
  const showEmptyTags = view.tag === null && !view.untagged && view.q.trim() === '';
  return groupByTag(items, tags, showEmptyTags);
}

export function filterItems(updates: UpdatesByImage, view: ViewParams): UpdateItem[] {
  const terms = view.q.toLowerCase().split(/\s+/).filter(Boolean);
  const items: UpdateItem[] = [];
  for (const [image, entry] of Object.entries(updates)) {
    // `diun notif test` is each host's connection test, shown as such, not an update.
    if (isConnectionTest(image)) continue;
    if (view.host !== null && !entry.hosts.some((h) => h.hostname === view.host)) continue;
    if (view.change !== 'any' && !changeMatches(entry, view.change)) continue;
    if (view.registry !== null && imageRefOf(image).registry !== view.registry) continue;
    if (!statusMatches(entry, view)) continue;
    if (view.untagged && entry.tag) continue;
    if (view.tag !== null && entry.tag?.name !== view.tag) continue;
    if (terms.length > 0 && !matchesAll(searchText(image, entry), terms)) continue;
    items.push({ image, entry });
  }
  return items;
}

export function sortItems(items: UpdateItem[], sort: SortKey): UpdateItem[] {
  // Keys computed once per item, not once per comparison: thousands of items re-sort per keystroke.
  const keyed = items.map((item) => ({ item, key: SORT_KEYS_OF[sort](item) }));
  const compare = sort === 'received' ? compareNewestFirst : compareText;
  keyed.sort((a, b) => compare(a.key, b.key) || collator.compare(a.item.image, b.item.image));
  return keyed.map(({ item }) => item);
}

/** How many updates are pending (connection tests are no updates). */
export function countPending(updates: UpdatesByImage): number {
  let pending = 0;
  for (const [image, entry] of Object.entries(updates))
    if (!entry.acknowledged && !isConnectionTest(image)) pending += 1;
  return pending;
}

/** Whether the entry, or one host's, reports this kind of change. */
function changeMatches(entry: UpdateEntry, change: Change): boolean {
  return entry.change === change || entry.hosts.some((h) => h.change === change);
}

/** Every host that reported an image, by name. */
export function hostnamesOf(updates: UpdatesByImage): string[] {
  const names = new Set<string>();
  for (const entry of Object.values(updates)) for (const host of entry.hosts) names.add(host.hostname);
  return [...names].sort(collator.compare);
}

/** How many tracked images each tag holds, by tag id. */
export function countByTag(updates: UpdatesByImage): Map<number, number> {
  const counts = new Map<number, number>();
  for (const entry of Object.values(updates)) {
    if (entry.tag) counts.set(entry.tag.id, (counts.get(entry.tag.id) ?? 0) + 1);
  }
  return counts;
}

/** The images among `items` that are pending (on `host`, when given). */
export function pendingImages(items: UpdateItem[], host: string | null = null): string[] {
  const pending = (entry: UpdateEntry) =>
    host === null ? !entry.acknowledged : entry.hosts.some((h) => h.hostname === host && !h.acknowledged);
  return items.filter((item) => pending(item.entry)).map((item) => item.image);
}

/**
 * Whether the entry is in the state the view asks for: on the host it is
 * narrowed to, on any one host when grouped by host, else as a whole
 * (dismissed only once every host's is).
 */
function statusMatches(entry: UpdateEntry, view: ViewParams): boolean {
  if (view.status === 'all') return true;
  const wanted = view.status === 'acknowledged';
  if (view.host !== null || view.group === 'host') return entry.hosts.some((h) => hostMatches(h, view, wanted));
  return entry.acknowledged === wanted;
}

function hostMatches(host: HostEntry, view: ViewParams, acknowledged: boolean): boolean {
  if (view.host !== null && host.hostname !== view.host) return false;
  return view.status === 'all' || host.acknowledged === acknowledged;
}

type SortValue = number | string;

// Per entry, computed once: a poll hands back the same entry objects for what did not change.
const receivedTimes = new WeakMap<UpdateEntry, number>();
const searchTexts = new WeakMap<UpdateEntry, string>();

function receivedTime(entry: UpdateEntry): number {
  let time = receivedTimes.get(entry);
  if (time === undefined) {
    time = parseTime(entry.received_at)?.getTime() ?? 0;
    receivedTimes.set(entry, time);
  }
  return time;
}

const SORT_KEYS_OF: Record<SortKey, (item: UpdateItem) => SortValue> = {
  received: (item) => receivedTime(item.entry),
  name: (item) => displayName(item.image),
  registry: (item) => `${imageRefOf(item.image).registry} ${displayName(item.image)}`,
};

function compareNewestFirst(a: SortValue, b: SortValue): number {
  return Number(b) - Number(a);
}

function compareText(a: SortValue, b: SortValue): number {
  return collator.compare(String(a), String(b));
}

function displayName(image: string): string {
  const ref = imageRefOf(image);
  return `${shortRepository(ref)}:${ref.tag ?? ''}`;
}

function searchText(image: string, entry: UpdateEntry): string {
  let text = searchTexts.get(entry);
  if (text === undefined) {
    text = `${image} ${workloadsOf(entry.event.metadata)?.names ?? ''}`.toLowerCase();
    searchTexts.set(entry, text);
  }
  return text;
}

function matchesAll(text: string, terms: string[]): boolean {
  return terms.every((term) => text.includes(term));
}

function groupByTag(items: UpdateItem[], tags: Tag[], showEmptyTags: boolean): Section[] {
  const sections = new Map<number, Section>();
  const tagSection = (tag: Tag): Section => ({
    key: `tag:${tag.id}`,
    title: tag.name,
    kind: 'tag',
    tag,
    host: null,
    items: [],
    repository: null,
  });
  if (showEmptyTags) for (const tag of tags) sections.set(tag.id, tagSection(tag));
  const untagged: Section = {
    key: 'untagged',
    title: 'Untagged',
    kind: 'untagged',
    tag: null,
    host: null,
    items: [],
    repository: null,
  };

  for (const item of items) {
    const tag = item.entry.tag;
    if (!tag) {
      untagged.items.push(item);
      continue;
    }
    let section = sections.get(tag.id);
    if (!section) {
      section = tagSection(tag);
      sections.set(tag.id, section);
    }
    section.items.push(item);
  }

  const tagged = [...sections.values()].sort((a, b) => collator.compare(a.title, b.title));
  return untagged.items.length > 0 ? [...tagged, untagged] : tagged;
}

/** Each image under every host that reported it (in the view's host and status), hosts by name. */
function groupByHost(items: UpdateItem[], view: ViewParams): Section[] {
  const sections = new Map<string, Section>();
  const wanted = view.status === 'acknowledged';
  for (const item of items) {
    for (const host of item.entry.hosts) {
      if (!hostMatches(host, view, wanted)) continue;
      let section = sections.get(host.hostname);
      if (!section) {
        const title = hostLabel(host.hostname);
        const key = `host:${host.hostname}`;
        section = { key, title, kind: 'host', tag: null, host: host.hostname, items: [], repository: null };
        sections.set(host.hostname, section);
      }
      section.items.push(item);
    }
  }
  return [...sections.values()].sort((a, b) => collator.compare(a.host ?? '', b.host ?? ''));
}

/**
 * One section per repository (a flood of tags from `watch_repo` is one line),
 * repositories by name; each says its newest tag, how many new tags are
 * pending and the largest change among the pending ones.
 */
function groupByRepository(items: UpdateItem[]): Section[] {
  const sections = new Map<string, Section>();
  for (const item of items) {
    const repository = item.entry.repository;
    let section = sections.get(repository);
    if (!section) {
      const title = repositoryTitle(imageRefOf(item.image));
      section = {
        key: `repository:${repository}`,
        title,
        kind: 'repository',
        tag: null,
        host: null,
        items: [],
        repository: null,
      };
      sections.set(repository, section);
    }
    section.items.push(item);
  }
  for (const section of sections.values()) section.repository = summarize(section.items);
  return [...sections.values()].sort((a, b) => collator.compare(a.title, b.title));
}

function summarize(items: UpdateItem[]): RepositorySummary {
  const pending = items.filter((item) => !item.entry.acknowledged);
  const tags = items.flatMap((item) => (item.entry.image_tag === null ? [] : [item.entry.image_tag]));
  // Newest in version order; tags that are no versions (`latest`): the latest received.
  const latest = [...items].sort((a, b) => receivedTime(b.entry) - receivedTime(a.entry))[0];
  return {
    newestTag: newestTag(tags) ?? latest?.entry.image_tag ?? null,
    pendingNew: pending.filter((item) => item.entry.event.status === 'new').length,
    largestChange: largestChange(pending.map((item) => item.entry.change)),
  };
}
