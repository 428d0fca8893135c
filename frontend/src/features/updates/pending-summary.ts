import type { UpdatesByImage } from '@/api/types';
import { hostLabel } from '@/lib/host';
import { imageRefOf } from '@/lib/image-ref';
import { NO_FILTERS, type ViewParams } from './view-url';

/** The view parameters a summary chip sets: one host, registry or tag, or "untagged". */
export type ChipFilter = Pick<Partial<ViewParams>, 'host' | 'registry' | 'tag' | 'untagged'>;

/** One count of the pending summary, and the filter that shows what it counts. */
export type SummaryChip = { key: string; label: string; count: number; filter: ChipFilter };

export type SummaryGroup = { key: 'host' | 'registry' | 'tag'; label: string; chips: SummaryChip[] };

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * What is pending across the whole fleet, counted by host (pending on that
 * host), by registry and by tag (pending images), largest first; counts of 0
 * are left out, and so is a group with nothing in it.
 */
export function summarizePending(updates: UpdatesByImage): SummaryGroup[] {
  const hosts = new Map<string, number>();
  const registries = new Map<string, number>();
  const tags = new Map<string, number>();
  let untagged = 0;
  for (const [image, entry] of Object.entries(updates)) {
    for (const host of entry.hosts) if (!host.acknowledged) increment(hosts, host.hostname);
    if (entry.acknowledged) continue;
    increment(registries, imageRefOf(image).registry);
    if (entry.tag) increment(tags, entry.tag.name);
    else untagged += 1;
  }
  const tagChips = chipsOf(
    tags,
    'tag',
    (name) => name,
    (name) => ({ tag: name, untagged: false }),
  );
  if (untagged > 0)
    tagChips.push({ key: 'untagged', label: 'Untagged', count: untagged, filter: { tag: null, untagged: true } });
  const groups: SummaryGroup[] = [
    { key: 'host', label: 'By host', chips: chipsOf(hosts, 'host', hostLabel, (name) => ({ host: name })) },
    {
      key: 'registry',
      label: 'By registry',
      chips: chipsOf(
        registries,
        'registry',
        (name) => name,
        (name) => ({ registry: name }),
      ),
    },
    { key: 'tag', label: 'By tag', chips: tagChips.sort(byCountThenLabel) },
  ];
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

function increment(counts: Map<string, number>, name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

function chipsOf(
  counts: Map<string, number>,
  kind: string,
  label: (name: string) => string,
  filter: (name: string) => ChipFilter,
): SummaryChip[] {
  return [...counts]
    .map(([name, count]) => ({ key: `${kind}:${name}`, label: label(name), count, filter: filter(name) }))
    .sort(byCountThenLabel);
}

function byCountThenLabel(a: SummaryChip, b: SummaryChip): number {
  return b.count - a.count || collator.compare(a.label, b.label);
}
