/**
 * Every TanStack Query key the page uses, in one place, so a feature that
 * changes data can refresh or patch another feature's queries without
 * importing it. Keys under `events` all read the log: invalidating
 * `queryKeys.events` refreshes every one of them.
 */
export const queryKeys = {
  /** `GET /api/updates`, polled. */
  updates: ['updates'],
  /** `GET /api/updates?as_of=`: a past state, fetched once. */
  updatesAsOf: (asOf: string | null) => ['updates-as-of', asOf],
  /** `GET /api/hosts`, re-read when the updates change. */
  hosts: ['hosts'],
  /** `GET /api/notifications`: the channels, the next digest and the latest sends. */
  notifications: ['notifications'],
  /** `GET /api/session`: who is signed in. */
  session: ['session'],
  /** `GET /api/tags`. */
  tags: ['tags'],
  /** The prefix of every query reading the event log. */
  events: ['events'],
  /** Every event about one image. */
  imageHistory: (image: string) => ['events', 'image', image],
  /** Every TagCreated and TagDeleted event, for the names of deleted tags. */
  tagLog: ['events', 'tags'],
  /** The activity view's pages for its filters, up to a log position (null: live). */
  activity: (filters: Readonly<Record<string, unknown>>, upTo: number | null) => ['events', 'activity', filters, upTo],
  /** `GET /api/insights` for a window and an end (null: now); read from the log, so under `events`. */
  insights: (days: number, asOf: string | null) => ['events', 'insights', days, asOf],
  /** The one event at a log position. */
  eventAt: (position: number | undefined) => ['events', 'at', position],
} as const;
