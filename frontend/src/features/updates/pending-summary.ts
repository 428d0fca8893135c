import type { UpdatesByImage } from '@/api/types';
import { hostLabel } from '@/lib/host';
import { imageRefOf, isConnectionTest } from '@/lib/image-ref';
import { DEFAULT_VIEW, NO_FILTERS, type ViewParams } from './view-url';

/** The view parameters a summary chip sets: one host, registry or tag, or "untagged". */
export type ChipFilter = Pick<Partial<ViewParams>, 'host' | 'registry' | 'tag' | 'untagged'>;

/** One count of the pending summary, and the filter that shows what it counts. */
export type SummaryChip = { key: string; label: string; count: number; filter: ChipFilter };

export type SummaryGroup = { key: 'host' | 'registry' | 'tag'; label: string; chips: SummaryChip[] };

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * What is pending across the whole fleet, counted by host (pending on that
 * host), by registry and by tag (pending images), largest first. Counts of 0
 * are left out, and so is a group with nothing in it, except the chip of a
 * filter the view has on: it stays (at 0), so it can be seen and turned off.
 */
export function summarizePending(updates: UpdatesByImage, view: ViewParams = DEFAULT_VIEW): SummaryGroup[] {
  // Counted by value first, chips made once per value: a big fleet is counted on every change.
  const byHost = new Map<string, number>();
  const byRegistry = new Map<string, number>();
  const byTag = new Map<string | null, number>();
  for (const [image, entry] of Object.entries(updates)) {
    if (isConnectionTest(image)) continue; // a test of the connection, not an update
    for (const host of entry.hosts) if (!host.acknowledged) tally(byHost, host.hostname);
    if (entry.acknowledged) continue;
    tally(byRegistry, imageRefOf(image).registry);
    tally(byTag, entry.tag?.name ?? null);
  }
  if (view.host !== null) keep(byHost, view.host);
  if (view.registry !== null) keep(byRegistry, view.registry);
  if (view.untagged || view.tag !== null) keep(byTag, view.untagged ? null : view.tag);
  const groups: SummaryGroup[] = [
    { key: 'host', label: 'By host', chips: chipsOf(byHost, hostChip) },
    { key: 'registry', label: 'By registry', chips: chipsOf(byRegistry, registryChip) },
    { key: 'tag', label: 'By tag', chips: chipsOf(byTag, tagChip) },
  ];
  for (const group of groups) group.chips.sort(byCountThenLabel);
  return groups.filter((group) => group.chips.length > 0);
}

/** Whether the view shows exactly what `filter` asks for. */
export function chipIsActive(filter: ChipFilter, view: ViewParams): boolean {
  return (Object.keys(filter) as (keyof ChipFilter)[]).every((name) => view[name] === filter[name]);
}

/** The change a click on a chip makes: its filter, or, when already applied, that filter cleared. */
export function chipToggle(filter: ChipFilter, view: ViewParams): ChipFilter {
  if (!chipIsActive(filter, view)) return filter;
  const cleared: ChipFilter = {};
  for (const name of Object.keys(filter) as (keyof ChipFilter)[]) Object.assign(cleared, { [name]: NO_FILTERS[name] });
  return cleared;
}

function hostChip(hostname: string): SummaryChip {
  return { key: `host:${hostname}`, label: hostLabel(hostname), count: 0, filter: { host: hostname } };
}

function registryChip(registry: string): SummaryChip {
  return { key: `registry:${registry}`, label: registry, count: 0, filter: { registry } };
}

/** The chip of a tag, or of "Untagged" for null. */
function tagChip(name: string | null): SummaryChip {
  return name === null
    ? { key: 'untagged', label: 'Untagged', count: 0, filter: { tag: null, untagged: true } }
    : { key: `tag:${name}`, label: name, count: 0, filter: { tag: name, untagged: false } };
}

function tally<T>(counts: Map<T, number>, value: T): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

/** A value the view filters on keeps its chip, at 0 if nothing there is pending. */
function keep<T>(counts: Map<T, number>, value: T): void {
  if (!counts.has(value)) counts.set(value, 0);
}

function chipsOf<T>(counts: Map<T, number>, make: (value: T) => SummaryChip): SummaryChip[] {
  return [...counts].map(([value, count]) => ({ ...make(value), count }));
}

function byCountThenLabel(a: SummaryChip, b: SummaryChip): number {
  return b.count - a.count || collator.compare(a.label, b.label);
}
