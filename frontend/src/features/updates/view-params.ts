import { useCallback, useMemo } from 'react';
import { navigateToSearch, useLocationSearch } from '@/lib/location';

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
  sort: SortKey;
  group: GroupKey;
};

export const DEFAULT_VIEW: ViewParams = {
  q: '',
  status: 'all',
  tag: null,
  untagged: false,
  sort: 'received',
  group: 'tag',
};

export function readViewParams(search: string): ViewParams {
  const params = new URLSearchParams(search);
  const untagged = params.get('untagged') === '1';
  return {
    q: params.get('q') ?? '',
    status: oneOf(params.get('status'), STATUS_FILTERS, DEFAULT_VIEW.status),
    tag: untagged ? null : params.get('tag') || null,
    untagged,
    sort: oneOf(params.get('sort'), SORT_KEYS, DEFAULT_VIEW.sort),
    group: oneOf(params.get('group'), GROUP_KEYS, DEFAULT_VIEW.group),
  };
}

/** The query string for `view`, defaults left out; parameters we do not own are kept. */
export function writeViewParams(view: ViewParams, current: string): string {
  const params = new URLSearchParams(current);
  const set = (key: string, value: string | null, fallback: string | null) => {
    if (value === null || value === fallback) params.delete(key);
    else params.set(key, value);
  };
  set('q', view.q.trim() === '' ? null : view.q, null);
  set('status', view.status, DEFAULT_VIEW.status);
  set('tag', view.tag, null);
  set('untagged', view.untagged ? '1' : null, null);
  set('sort', view.sort, DEFAULT_VIEW.sort);
  set('group', view.group, DEFAULT_VIEW.group);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The change that clears search and filters, keeping sort and grouping. */
export const NO_FILTERS = { q: '', status: 'all', tag: null, untagged: false } satisfies Partial<ViewParams>;

export function isFiltered(view: ViewParams): boolean {
  return view.q.trim() !== '' || view.status !== 'all' || view.tag !== null || view.untagged;
}

/** The view from the URL, and a setter that writes changes back to it. */
export function useViewParams(): [ViewParams, (change: Partial<ViewParams>) => void] {
  const search = useLocationSearch();
  const view = useMemo(() => readViewParams(search), [search]);
  const update = useCallback((change: Partial<ViewParams>) => {
    const current = readViewParams(window.location.search);
    const next = { ...current, ...change };
    // Typing in the search box should not flood the history with entries.
    const replace = Object.keys(change).every((key) => key === 'q');
    navigateToSearch(writeViewParams(next, window.location.search), { replace });
  }, []);
  return [view, update];
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((option) => option === value) ?? fallback;
}
