import { defineUrlState, urlParam } from '@/lib/url-state';
import { CHANGES } from '@/lib/versions';

export const STATUS_FILTERS = ['all', 'pending', 'acknowledged'] as const;
export const SORT_KEYS = ['received', 'name', 'registry'] as const;
export const GROUP_KEYS = ['tag', 'host', 'repository'] as const;
/** The kinds of change the list can be narrowed to (`?change=major`), or `any`. */
export const CHANGE_FILTERS = ['any', ...CHANGES] as const;

export type StatusFilter = (typeof STATUS_FILTERS)[number];
export type ChangeFilter = (typeof CHANGE_FILTERS)[number];
export type SortKey = (typeof SORT_KEYS)[number];
export type GroupKey = (typeof GROUP_KEYS)[number];

/** Everything that shapes the list; lives in the URL so a view can be bookmarked. */
export type ViewParams = {
  q: string;
  status: StatusFilter;
  /** Name of the only tag to show, or null for every tag. */
  tag: string | null;
  untagged: boolean;
  /** The only host to show ("" is the host without a name), or null for every host. */
  host: string | null;
  /** The only registry to show (`docker.io`, `ghcr.io`, …), or null for every registry. */
  registry: string | null;
  /** Only updates of this kind of change (`major`, …, `digest`: a new build), or `any`. */
  change: ChangeFilter;
  sort: SortKey;
  group: GroupKey;
};

export const DEFAULT_VIEW: ViewParams = {
  q: '',
  status: 'all',
  tag: null,
  untagged: false,
  host: null,
  registry: null,
  change: 'any',
  sort: 'received',
  group: 'tag',
};

/** `?q=&status=&tag=&untagged=1&host=&registry=&change=&sort=&group=`, defaults left out (`host=` is the host without a name). */
export const viewUrl = defineUrlState<ViewParams>(
  {
    q: urlParam.text('q'),
    status: urlParam.oneOf('status', STATUS_FILTERS, DEFAULT_VIEW.status),
    tag: urlParam.optional('tag'),
    untagged: urlParam.flag('untagged'),
    host: urlParam.present('host'),
    registry: urlParam.optional('registry'),
    change: urlParam.oneOf('change', CHANGE_FILTERS, DEFAULT_VIEW.change),
    sort: urlParam.oneOf('sort', SORT_KEYS, DEFAULT_VIEW.sort),
    group: urlParam.oneOf('group', GROUP_KEYS, DEFAULT_VIEW.group),
  },
  {
    // "Untagged" and one tag exclude each other: untagged wins.
    normalize: (view) => (view.untagged ? { ...view, tag: null } : view),
    // Typing in the search box should not flood the history with entries.
    replace: (change) => Object.keys(change).every((key) => key === 'q'),
  },
);

/** The change that clears search and filters, keeping sort and grouping. */
export const NO_FILTERS = {
  q: '',
  status: 'all',
  tag: null,
  untagged: false,
  host: null,
  registry: null,
  change: 'any',
} satisfies Partial<ViewParams>;

/** How many filters narrow the list (search, status, tag or untagged, host, registry, change). */
export function activeFilterCount(view: ViewParams): number {
  return [
    view.q.trim() !== '',
    view.status !== 'all',
    view.tag !== null || view.untagged,
    view.host !== null,
    view.registry !== null,
    view.change !== 'any',
  ].filter(Boolean).length;
}

export function isFiltered(view: ViewParams): boolean {
  return activeFilterCount(view) > 0;
}
