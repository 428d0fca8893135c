/**
 * Types of the diundash HTTP API, named for the page's use. They are derived
 * from `schema.gen.ts`, which `scripts/api-types` generates from the OpenAPI
 * document the server serves (`diundash openapi`): regenerate it, never edit it.
 */
import type { components, paths } from './schema.gen';

type Schemas = components['schemas'];

/** What DIUN sent in its webhook, kept whole; standard fields it left out are "" (`created`, `metadata`: null). */
export type DiunEvent = Schemas['DiunEvent'];

/** Provider-specific details; the docker provider sends the `ctn_*` keys. */
export type DiunMetadata = NonNullable<DiunEvent['metadata']>;

export type Tag = Schemas['Tag'];

export type UpdateEntry = Schemas['Update'];

/** An image as one host last reported it, with that host's own acknowledgement. */
export type HostEntry = Schemas['HostEntry'];

/** How a host's entry was resolved: dismissed, snoozed or deployed; null while pending. */
export type Resolution = HostEntry['resolution'];

/** The last update asked of a host's update hook since its latest receipt. */
export type UpdateRequestState = Schemas['UpdateRequestState'];

/** `POST /api/update-requests`: the hook took the request (it is not deployed yet). */
export type UpdateRequestOutcome = Schemas['UpdateRequestOutcome'];

/** `POST /api/deployments`: the deployment as it stands. */
export type Deployment = Schemas['Deployment'];

/**
 * `GET /api/hosts`: one Docker host whose DIUN reported (or whose metrics are
 * read), how its images stand, whether its DIUN went silent, and whether it has an update hook.
 */
export type Host = Schemas['Host'];

/** `GET /api/insights`: what the log tells of how updates are handled, over a window of days. */
export type Insights = Schemas['Insights'];

/** `GET /api/updates`: every tracked image, keyed by its full reference. */
export type UpdatesByImage = Schemas['Updates'];

/** `POST /api/dismissals`: the images that were pending and are dismissed now. */
export type BulkDismissResult = Schemas['Dismissed'];

/** `GET /api/session`: who is signed in (null when sign-in is off), and how. */
export type Session = Schemas['Session'];

/** The JSON body of every error response. */
export type ApiErrorBody = Schemas['Error'];

/** Where notifications go (channels by scheme and host only), what is sent, and the latest sends. */
export type Notifications = Schemas['Notifications'];

/** One notification to one channel, as its latest attempt left it. */
export type NotificationSend = Schemas['NotificationSend'];

/** How a test notification went on each channel. */
export type NotificationTest = Schemas['NotificationTest'];

/** The kinds of event in diundash's append-only log. */
export type EventType = Schemas['Event']['type'];

/** Who caused an event: `webhook` (DIUN), `api` (this page or a script), `cli`, `import`, `job` (the service itself). */
export type EventAudit = Schemas['Event']['audit'];

/** What each event type carries, in its current schema version: the document's `<type>Data`. */
type DataOfEachType = { [K in EventType]: Schemas[`${K}Data` & keyof Schemas] };

/**
 * What each event type carries. The page reads a receipt's `body` as the list
 * shows DIUN's fields (`DiunEvent`); the log keeps it as DIUN sent it.
 */
export type EventData = Omit<DataOfEachType, 'UpdateReceived'> & {
  UpdateReceived: Omit<DataOfEachType['UpdateReceived'], 'body'> & { body: DiunEvent };
};

/** One entry of the log (the document's `Event`, with `data` narrowed by `type`); `T` narrows it to one type. */
export type LoggedEvent<T extends EventType = EventType> = {
  [K in T]: Omit<Schemas['Event'], 'type' | 'data'> & { type: K; data: EventData[K] };
}[T];

/** `GET /api/events`: one page; `next` is the cursor for the following one, null on the last. */
export type EventPage = Omit<Schemas['EventPage'], 'events'> & { events: LoggedEvent[] };

type EventParameters = NonNullable<paths['/api/events']['get']['parameters']['query']>;

/** The filters and cursor of `GET /api/events`; times are RFC 3339. `types` is sent comma-separated as `type`. */
export type EventQuery = Omit<EventParameters, 'type'> & { types?: readonly EventType[] };

/** `GET /api/updates?as_of=…`: the updates as they stood, and the log position that is (`X-As-Of-Position`). */
export type UpdatesAsOf = {
  updates: UpdatesByImage;
  position: number;
};
