/** Types of the diundash HTTP API (see shared/spec/SPEC.md). */

/** What DIUN sent in its webhook, kept whole by the server. Fields may be missing or empty. */
export type DiunEvent = {
  image: string;
  diun_version?: string;
  hostname?: string;
  status?: string;
  provider?: string;
  hub_link?: string;
  mime_type?: string;
  digest?: string;
  created?: string | null;
  platform?: string;
  metadata?: DiunMetadata | null;
  [unknownField: string]: unknown;
};

/** Provider-specific details; the docker provider sends the `ctn_*` keys. */
export type DiunMetadata = {
  ctn_names?: string;
  ctn_id?: string;
  ctn_state?: string;
  ctn_status?: string;
  [key: string]: unknown;
};

export type Tag = {
  id: number;
  name: string;
};

export type UpdateEntry = {
  event: DiunEvent;
  received_at: string;
  acknowledged: boolean;
  acknowledged_at?: string | null;
  tag: Tag | null;
};

/** `GET /api/updates`: every tracked image, keyed by its full reference. */
export type UpdatesByImage = Record<string, UpdateEntry>;

export type BulkDismissResult = {
  dismissed: string[];
};

/** The JSON body of every error response. */
export type ApiErrorBody = {
  title: string;
  description?: string;
};

/** The kinds of event in diundash's append-only log. */
export const EVENT_TYPES = [
  'UpdateReceived',
  'UpdateDismissed',
  'TagCreated',
  'TagDeleted',
  'TagAssigned',
  'TagUnassigned',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Who caused an event: `webhook` (DIUN), `api` (this page or a script), `cli`, `import`. */
export type EventAudit = {
  source: string;
  remote_addr: string | null;
  request_id: string | null;
};

/** What each event type carries, in its current schema version. */
export type EventData = {
  UpdateReceived: { body: DiunEvent; received_at: string };
  UpdateDismissed: { image: string; dismissed_at: string };
  TagCreated: Tag;
  TagDeleted: Tag;
  TagAssigned: { image: string; tag_id: number };
  TagUnassigned: { image: string };
};

/** One entry of the log; `T` narrows it to one type. */
export type LoggedEvent<T extends EventType = EventType> = {
  [K in T]: {
    position: number;
    type: K;
    version: number;
    stored_version: number;
    recorded_at: string;
    data: EventData[K];
    audit: EventAudit;
  };
}[T];

/** `GET /api/events`: one page; `next` is the cursor for the following one, null on the last. */
export type EventPage = {
  events: LoggedEvent[];
  next: { after: number } | { before: number } | null;
  last_position: number;
};

/** The filters and cursor of `GET /api/events`; times are RFC 3339. */
export type EventQuery = {
  image?: string;
  types?: readonly EventType[];
  since?: string;
  until?: string;
  after?: number;
  before?: number;
  limit?: number;
  order?: 'asc' | 'desc';
};

/** `GET /api/updates?as_of=…`: the updates as they stood, and the log position that is. */
export type UpdatesAsOf = {
  updates: UpdatesByImage;
  position: number;
};
