import { defineUrlState, urlParam } from '@/lib/url-state';

export const STATUS_FILTERS = ['all', 'pending', 'acknowledged'] as const;
export const SORT_KEYS = ['received', 'name', 'registry'] as const;
export const GROUP_KEYS = ['tag', 'host'] as const;

export type StatusFilter = (typeof STATUS_FILTERS)[number];
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
  sort: 'received',
  group: 'tag',
};

/** `?q=&status=&tag=&untagged=1&host=&registry=&sort=&group=`, defaults left out (`host=` is the host without a name). */
export const viewUrl = defineUrlState<ViewParams>(
  {
    q: urlParam.text('q'),
    status: urlParam.oneOf('status', STATUS_FILTERS, DEFAULT_VIEW.status),
    tag: urlParam.optional('tag'),
    untagged: urlParam.flag('untagged'),
    host: urlParam.present('host'),
    registry: urlParam.optional('registry'),
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
} satisfies Partial<ViewParams>;

/** How many filters narrow the list (search, status, tag or untagged, host, registry). */
export function activeFilterCount(view: ViewParams): number {
  return [
    view.q.trim() !== '',
    view.status !== 'all',
    view.tag !== null || view.untagged,
    view.host !== null,
    view.registry !== null,
  ].filter(Boolean).length;
}

export function isFiltered(view: ViewParams): boolean {
  return activeFilterCount(view) > 0;
}
