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
