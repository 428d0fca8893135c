import type {
  ApiErrorBody,
  BulkDismissResult,
  Deployment,
  EventPage,
  EventQuery,
  Host,
  Notifications,
  NotificationTest,
  Insights,
  Session,
  Tag,
  UpdateRequestOutcome,
  UpdatesAsOf,
  UpdatesByImage,
} from './types';
import { createUpdatesParser, type UpdatesParser } from './updates-parser';

/** An HTTP error from the API, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export type ApiClient = {
  getUpdates(): Promise<UpdatesByImage>;
  /** The updates as they stood at `asOf`: an RFC 3339 time or a log position. */
  getUpdatesAsOf(asOf: string): Promise<UpdatesAsOf>;
  getEvents(query: EventQuery): Promise<EventPage>;
  /**
   * On `host` only when given ("" is the host without a name); on every host
   * when null. With `until` (RFC 3339) it snoozes until then instead.
   */
  dismissUpdate(image: string, host?: string | null, until?: string | null): Promise<void>;
  dismissUpdates(images: string[], host?: string | null, until?: string | null): Promise<BulkDismissResult>;
  /** Forget an image (on `host` only, when given) until a host reports it again. */
  forgetUpdate(image: string, host?: string | null): Promise<void>;
  /** Report `image` deployed on `host` (refused with 409 unless `digest`, when given, is the one pending there). */
  reportDeployed(image: string, host: string, digest?: string): Promise<Deployment>;
  /** Ask `host`'s update hook to update `image`; an ApiError (502) says what the hook answered when it did not take it. */
  requestUpdate(image: string, host: string): Promise<UpdateRequestOutcome>;
  getHosts(): Promise<Host[]>;
  /** The insights of the `days` up to now, or up to `asOf` (an RFC 3339 time or a log position). */
  getInsights(days: number, asOf: string | null): Promise<Insights>;
  forgetHost(hostname: string): Promise<void>;
  renameHost(hostname: string, newHostname: string): Promise<void>;
  getTags(): Promise<Tag[]>;
  createTag(name: string): Promise<Tag>;
  deleteTag(id: number): Promise<void>;
  assignTag(image: string, tagId: number): Promise<void>;
  unassignTag(image: string): Promise<void>;
  getNotifications(): Promise<Notifications>;
  /** Send a test notification to every channel, now; how each went. */
  sendTestNotification(): Promise<NotificationTest>;
  /** Who is signed in; an ApiError with status 401 when sign-in is on and nobody is. */
  getSession(): Promise<Session>;
  /** Sign in with the password: the server sets the session cookie. */
  signIn(password: string): Promise<Session>;
  signOut(): Promise<void>;
};

type Fetch = typeof fetch;

/**
 * The only place that talks HTTP. Paths are relative to the page, so the SPA
 * works at `/` and behind a reverse proxy sub-path alike. The updates, the one
 * big answer, are read by `updates` (a Web Worker in the browser).
 */
export function createApiClient(
  fetchImpl: Fetch = (...args) => fetch(...args),
  updates: UpdatesParser = createUpdatesParser(),
): ApiClient {
  let lastUpdates: { etag: string; data: UpdatesByImage } | null = null;

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        ...init,
        headers: { Accept: 'application/json', ...init.headers },
      });
    } catch {
      throw new ApiError(0, 'The diundash server cannot be reached.');
    }
    if (!response.ok && response.status !== 304) {
      throw new ApiError(response.status, await errorMessage(response));
    }
    return response;
  }

  function sendJson(method: string, path: string, body: unknown): Promise<Response> {
    return request(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  return {
    async getUpdates() {
      // Conditional request by hand: the browser's HTTP cache does not do it reliably.
      const headers: Record<string, string> = lastUpdates ? { 'If-None-Match': lastUpdates.etag } : {};
      const response = await request('api/updates', { headers, cache: 'no-store' });
      if (response.status === 304 && lastUpdates) {
        return lastUpdates.data;
      }
      const data = await updates.parse(await response.arrayBuffer(), true);
      const etag = response.headers.get('ETag');
      lastUpdates = etag ? { etag, data } : null;
      return data;
    },
    async getUpdatesAsOf(asOf) {
      const response = await request(`api/updates?${new URLSearchParams({ as_of: asOf })}`);
      return {
        updates: await updates.parse(await response.arrayBuffer(), false),
        position: Number(response.headers.get('X-As-Of-Position') ?? NaN),
      };
    },
    async getEvents(query) {
      const response = await request(`api/events?${eventSearch(query)}`, { cache: 'no-store' });
      return (await response.json()) as EventPage;
    },
    async dismissUpdate(image, host = null, until = null) {
      // Without a body, as the Go service's clients send it: a dismissal.
      if (until === null) await request(updatePath(image, host), { method: 'PATCH' });
      else await sendJson('PATCH', updatePath(image, host), { until });
    },
    async dismissUpdates(images, host = null, until = null) {
      const body = { images, ...(host === null ? {} : { host }), ...(until === null ? {} : { until }) };
      const response = await sendJson('POST', 'api/dismissals', body);
      return (await response.json()) as BulkDismissResult;
    },
    async forgetUpdate(image, host = null) {
      await request(updatePath(image, host), { method: 'DELETE' });
    },
    async reportDeployed(image, host, digest) {
      const response = await sendJson('POST', 'api/deployments', digest ? { image, host, digest } : { image, host });
      return (await response.json()) as Deployment;
    },
    async requestUpdate(image, host) {
      const response = await sendJson('POST', 'api/update-requests', { image, host });
      return (await response.json()) as UpdateRequestOutcome;
    },
    async getHosts() {
      const response = await request('api/hosts', { cache: 'no-store' });
      return (await response.json()) as Host[];
    },
    async getInsights(days, asOf) {
      const params = new URLSearchParams({ days: String(days) });
      if (asOf !== null) params.set('as_of', asOf);
      const response = await request(`api/insights?${params}`, { cache: 'no-store' });
      return (await response.json()) as Insights;
    },
    async forgetHost(hostname) {
      await request(`api/hosts/${encodeURIComponent(hostname)}`, { method: 'DELETE' });
    },
    async renameHost(hostname, newHostname) {
      await sendJson('POST', `api/hosts/${encodeURIComponent(hostname)}/rename`, { hostname: newHostname });
    },
    async getNotifications() {
      const response = await request('api/notifications', { cache: 'no-store' });
      return (await response.json()) as Notifications;
    },
    async sendTestNotification() {
      const response = await request('api/notifications/test', { method: 'POST' });
      return (await response.json()) as NotificationTest;
    },
    async getTags() {
      const response = await request('api/tags');
      return (await response.json()) as Tag[];
    },
    async createTag(name) {
      const response = await sendJson('POST', 'api/tags', { name });
      return (await response.json()) as Tag;
    },
    async deleteTag(id) {
      await request(`api/tags/${id}`, { method: 'DELETE' });
    },
    async assignTag(image, tagId) {
      await sendJson('PUT', 'api/tag-assignments', { image, tag_id: tagId });
    },
    async unassignTag(image) {
      await sendJson('DELETE', 'api/tag-assignments', { image });
    },
    async getSession() {
      const response = await request('api/session', { cache: 'no-store' });
      return (await response.json()) as Session;
    },
    async signIn(password) {
      const response = await sendJson('POST', 'api/session', { password });
      return (await response.json()) as Session;
    },
    async signOut() {
      await request('api/session', { method: 'DELETE' });
    },
  };
}

/** `api/updates/{image}`, with `?host=` when one host is meant (an empty value: the host without a name). */
function updatePath(image: string, host: string | null): string {
  const path = `api/updates/${encodeURIComponent(image)}`;
  return host === null ? path : `${path}?${new URLSearchParams({ host })}`;
}

function eventSearch({ types, ...rest }: EventQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  if (types && types.length > 0) params.set('type', types.join(','));
  return params;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (body.description) return body.description;
    if (body.title) return body.title;
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): fall back to the status line.
  }
  return `${response.status} ${response.statusText}`.trim();
}
