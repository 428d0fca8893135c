import type { UpdatesByImage } from '@/api/types';
import { hostLabel } from '@/lib/host';
import { imageRefOf } from '@/lib/image-ref';
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
  const byHost = new Map<string, SummaryChip>();
  const byRegistry = new Map<string, SummaryChip>();
  const byTag = new Map<string, SummaryChip>();
  for (const [image, entry] of Object.entries(updates)) {
    for (const host of entry.hosts) if (!host.acknowledged) count(byHost, hostChip, host.hostname);
    if (entry.acknowledged) continue;
    count(byRegistry, registryChip, imageRefOf(image).registry);
    count(byTag, tagChip, entry.tag?.name ?? null);
  }
  if (view.host !== null) keep(byHost, hostChip(view.host));
  if (view.registry !== null) keep(byRegistry, registryChip(view.registry));
  if (view.untagged || view.tag !== null) keep(byTag, tagChip(view.untagged ? null : view.tag));
  const groups: SummaryGroup[] = [
    { key: 'host', label: 'By host', chips: [...byHost.values()] },
    { key: 'registry', label: 'By registry', chips: [...byRegistry.values()] },
    { key: 'tag', label: 'By tag', chips: [...byTag.values()] },
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

/** One more for the chip `make(value)` stands for, made on its first count. */
function count<T>(chips: Map<string, SummaryChip>, make: (value: T) => SummaryChip, value: T): void {
  const chip = make(value);
  const counted = chips.get(chip.key);
  if (counted) counted.count += 1;
  else chips.set(chip.key, { ...chip, count: 1 });
}

function keep(chips: Map<string, SummaryChip>, chip: SummaryChip): void {
  if (!chips.has(chip.key)) chips.set(chip.key, chip);
}

function byCountThenLabel(a: SummaryChip, b: SummaryChip): number {
  return b.count - a.count || collator.compare(a.label, b.label);
}
