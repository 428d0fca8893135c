import { useCallback, useMemo } from 'react';
import type { EventType } from '@/api/types';
import { navigateToSearch, useLocationSearch } from '@/lib/location';

/** The event kinds one can narrow the activity to, and the log types each covers. */
export const EVENT_KINDS = {
  all: { label: 'All events', types: [] },
  received: { label: 'Updates received', types: ['UpdateReceived'] },
  dismissed: { label: 'Dismissals', types: ['UpdateDismissed'] },
  tags: { label: 'Tag changes', types: ['TagCreated', 'TagDeleted', 'TagAssigned', 'TagUnassigned'] },
} as const satisfies Record<string, { label: string; types: readonly EventType[] }>;

export type EventKind = keyof typeof EVENT_KINDS;

/** The activity view's filters, in the URL: `kind`, `for` (an exact image), `since`, `until` (RFC 3339). */
export type ActivityFilters = {
  kind: EventKind;
  image: string;
  since: string | null;
  until: string | null;
};

export const NO_ACTIVITY_FILTERS: ActivityFilters = { kind: 'all', image: '', since: null, until: null };

export function readActivityFilters(search: string): ActivityFilters {
  const params = new URLSearchParams(search);
  const kind = params.get('kind');
  return {
    kind: kind !== null && kind in EVENT_KINDS ? (kind as EventKind) : 'all',
    image: params.get('for') ?? '',
    since: params.get('since') || null,
    until: params.get('until') || null,
  };
}

export function writeActivityFilters(filters: ActivityFilters, current: string): string {
  const params = new URLSearchParams(current);
  const set = (key: string, value: string | null) => {
    if (value === null || value === '') params.delete(key);
    else params.set(key, value);
  };
  set('kind', filters.kind === 'all' ? null : filters.kind);
  set('for', filters.image.trim());
  set('since', filters.since);
  set('until', filters.until);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function isActivityFiltered(filters: ActivityFilters): boolean {
  return filters.kind !== 'all' || filters.image.trim() !== '' || filters.since !== null || filters.until !== null;
}

/** The filters from the URL, and a setter that writes changes back to it. */
export function useActivityFilters(): [ActivityFilters, (change: Partial<ActivityFilters>) => void] {
  const search = useLocationSearch();
  const filters = useMemo(() => readActivityFilters(search), [search]);
  const update = useCallback((change: Partial<ActivityFilters>) => {
    const next = { ...readActivityFilters(window.location.search), ...change };
    navigateToSearch(writeActivityFilters(next, window.location.search), { replace: !('kind' in change) });
  }, []);
  return [filters, update];
}
