import type { EventType } from '@/api/types';
import { defineUrlState, urlParam } from '@/lib/url-state';

/** The event kinds one can narrow the activity to, and the log types each covers. */
export const EVENT_KINDS = {
  all: { label: 'All events', types: [] },
  received: { label: 'Updates received', types: ['UpdateReceived'] },
  dismissed: { label: 'Dismissals and snoozes', types: ['UpdateDismissed', 'UpdateSnoozed'] },
  forgotten: { label: 'Forgotten images', types: ['UpdateForgotten'] },
  deployments: { label: 'Deployments and update requests', types: ['UpdateDeployed', 'UpdateRequested'] },
  hosts: { label: 'Host changes', types: ['HostForgotten', 'HostRenamed', 'HostSilent', 'HostBack'] },
  tags: { label: 'Tag changes', types: ['TagCreated', 'TagDeleted', 'TagAssigned', 'TagUnassigned'] },
} as const satisfies Record<string, { label: string; types: readonly EventType[] }>;

export type EventKind = keyof typeof EVENT_KINDS;

const KINDS = Object.keys(EVENT_KINDS) as EventKind[];

/** The activity view's filters, in the URL: `kind`, `for` (an exact image), `since`, `until` (RFC 3339). */
export type ActivityFilters = {
  kind: EventKind;
  image: string;
  since: string | null;
  until: string | null;
};

export const NO_ACTIVITY_FILTERS: ActivityFilters = { kind: 'all', image: '', since: null, until: null };

export const activityUrl = defineUrlState<ActivityFilters>(
  {
    kind: urlParam.oneOf('kind', KINDS, 'all'),
    image: urlParam.text('for', { trim: true }),
    since: urlParam.optional('since'),
    until: urlParam.optional('until'),
  },
  // Only a new kind is worth a history entry; typed filters replace the current one.
  { replace: (change) => !('kind' in change) },
);

export function isActivityFiltered(filters: ActivityFilters): boolean {
  return filters.kind !== 'all' || filters.image.trim() !== '' || filters.since !== null || filters.until !== null;
}
