import type {
  DiunEvent,
  EventAudit,
  EventData,
  EventPage,
  EventType,
  LoggedEvent,
  Tag,
  UpdatesByImage,
} from '@/api/types';

/** A webhook body as the server hands it back: standard fields DIUN left out are "" (`created`, `metadata`: null). */
export function diunEvent(image: string, fields: Partial<DiunEvent> = {}): DiunEvent {
  return {
    diun_version: '',
    hostname: '',
    status: '',
    provider: '',
    hub_link: '',
    mime_type: '',
    digest: '',
    platform: '',
    created: null,
    metadata: null,
    ...fields,
    image,
  };
}

type Request = { method: string; path: string; query: URLSearchParams; body: unknown; headers: Headers };

/**
 * An in-memory diundash server behind a `fetch` function, following the HTTP
 * contract (status codes, error bodies, ETag/304, the event log, `as_of`).
 * Tests drive the real API client and hooks through it and inspect `requests`
 * and the state it keeps. Every change it makes is also appended to `events`,
 * with a snapshot of the updates after it, which is what `as_of` answers from.
 */
export class FakeApi {
  updates: UpdatesByImage = {};
  tags: Tag[] = [];
  events: LoggedEvent[] = [];
  requests: Request[] = [];
  /** Makes every request fail as if the server were down. */
  offline = false;
  private snapshots: UpdatesByImage[] = [{}];
  private version = 0;
  private nextTagId = 1;

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    if (this.offline) throw new TypeError('Failed to fetch');
    const method = init.method ?? 'GET';
    const url = new URL(String(input), 'http://diundash.test/');
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const headers = new Headers(init.headers);
    const request = { method, path: url.pathname, query: url.searchParams, body, headers };
    this.requests.push(request);
    return this.route(request);
  };

  /** As DIUN's webhook would: upsert the image as a pending update. */
  receive(image: string, event: Partial<DiunEvent> = {}, receivedAt = new Date().toISOString()): void {
    const tag = this.updates[image]?.tag ?? null;
    const body = diunEvent(image, { status: 'new', hostname: 'docker-host', platform: 'linux/amd64', ...event });
    this.updates = {
      ...this.updates,
      [image]: { event: body, received_at: receivedAt, acknowledged: false, acknowledged_at: null, tag },
    };
    this.record('UpdateReceived', { body, received_at: receivedAt }, receivedAt, 'webhook');
  }

  addTag(name: string, at = new Date().toISOString()): Tag {
    const tag = { id: this.nextTagId++, name };
    this.tags = [...this.tags, tag];
    this.record('TagCreated', tag, at);
    return tag;
  }

  tagImage(image: string, tag: Tag | null, at = new Date().toISOString()): void {
    this.setTag(image, tag);
    if (tag) this.record('TagAssigned', { image, tag_id: tag.id }, at);
    else this.record('TagUnassigned', { image }, at);
  }

  deleteTag(id: number, at = new Date().toISOString()): void {
    const tag = this.tags.find((t) => t.id === id);
    if (!tag) return;
    this.tags = this.tags.filter((t) => t.id !== id);
    for (const [image, entry] of Object.entries(this.updates)) if (entry.tag?.id === id) this.setTag(image, null);
    this.record('TagDeleted', tag, at);
  }

  /** Acknowledge the pending ones among `images`; returns those it dismissed. */
  dismiss(images: string[], at = new Date().toISOString()): string[] {
    const dismissed = images.filter((image) => this.updates[image] && !this.updates[image].acknowledged);
    for (const image of dismissed) {
      const entry = this.updates[image];
      if (!entry) continue;
      this.updates = { ...this.updates, [image]: { ...entry, acknowledged: true, acknowledged_at: at } };
      this.record('UpdateDismissed', { image, dismissed_at: at }, at);
    }
    return dismissed;
  }

  writes(): { method: string; path: string; body: unknown }[] {
    return this.requests.filter((r) => r.method !== 'GET').map(({ method, path, body }) => ({ method, path, body }));
  }

  /** The query strings of the `GET /api/events` requests made so far, in order. */
  eventQueries(): string[] {
    return this.requests.filter((r) => r.path === '/api/events').map((r) => r.query.toString());
  }

  private setTag(image: string, tag: Tag | null): void {
    const entry = this.updates[image];
    if (entry) this.updates = { ...this.updates, [image]: { ...entry, tag } };
  }

  private record<T extends EventType>(
    type: T,
    data: EventData[T],
    at: string,
    source: EventAudit['source'] = 'api',
  ): void {
    const event = {
      position: this.events.length + 1,
      type,
      version: 1,
      stored_version: 1,
      recorded_at: at,
      data,
      audit: { source, remote_addr: '127.0.0.1', request_id: null },
    } as LoggedEvent;
    this.events = [...this.events, event];
    this.snapshots = [...this.snapshots, this.updates];
    this.version += 1;
  }

  private route({ method, path, query, body, headers }: Request): Response {
    const etag = `"log-${this.version}"`;
    if (path === '/api/updates' && method === 'GET') {
      const asOf = query.get('as_of');
      if (asOf !== null) return this.updatesAsOf(asOf);
      if (headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
      return json(200, this.updates, { ETag: etag });
    }
    if (path === '/api/events' && method === 'GET') return this.eventPage(query);
    const dismissOne = /^\/api\/updates\/(.+)$/.exec(path);
    if (dismissOne && method === 'PATCH') {
      const image = decodeURIComponent(dismissOne[1] ?? '');
      if (!this.updates[image]) return problem(404, `no update for image ${image}`);
      this.dismiss([image]);
      return new Response(null, { status: 204 });
    }
    if (path === '/api/dismissals' && method === 'POST') {
      const { images } = body as { images: string[] };
      return json(200, { dismissed: this.dismiss(images) });
    }
    if (path === '/api/tags' && method === 'GET') return json(200, this.tags);
    if (path === '/api/tags' && method === 'POST') {
      const name = ((body as { name?: string }).name ?? '').trim();
      if (!name) return problem(400, 'the tag name must not be empty');
      if (this.tags.some((tag) => tag.name === name)) return problem(409, `a tag named ${name} already exists`);
      return json(201, this.addTag(name));
    }
    const tagPath = /^\/api\/tags\/(\d+)$/.exec(path);
    if (tagPath && method === 'DELETE') {
      const id = Number(tagPath[1]);
      if (!this.tags.some((tag) => tag.id === id)) return problem(404, `no tag with id ${id}`);
      this.deleteTag(id);
      return new Response(null, { status: 204 });
    }
    if (path === '/api/tag-assignments') {
      const { image, tag_id } = body as { image: string; tag_id?: number };
      if (method === 'PUT') {
        const tag = this.tags.find((t) => t.id === tag_id);
        if (!tag) return problem(404, `no tag with id ${tag_id}`);
        this.tagImage(image, tag);
        return new Response(null, { status: 204 });
      }
      if (method === 'DELETE') {
        this.tagImage(image, null);
        return new Response(null, { status: 204 });
      }
    }
    return problem(404, `no route for ${method} ${path}`);
  }

  private updatesAsOf(asOf: string): Response {
    let position: number;
    if (/^\d+$/.test(asOf)) {
      position = Number(asOf);
      if (position > this.events.length) {
        return problem(400, `'as_of' position ${position} is past the end of the log (${this.events.length})`);
      }
    } else {
      const moment = Date.parse(asOf);
      if (Number.isNaN(moment)) return problem(400, "'as_of' must be a log position or an RFC 3339 time");
      position = this.events.filter((event) => Date.parse(event.recorded_at) <= moment).length;
    }
    return json(200, this.snapshots[position] ?? {}, { 'X-As-Of-Position': String(position) });
  }

  private eventPage(query: URLSearchParams): Response {
    const number = (key: string) => (query.has(key) ? Number(query.get(key)) : null);
    const image = query.get('image');
    const types = query.get('type')?.split(',').filter(Boolean) ?? [];
    const since = query.has('since') ? Date.parse(query.get('since') ?? '') : null;
    const until = query.has('until') ? Date.parse(query.get('until') ?? '') : null;
    const after = number('after');
    const before = number('before');
    const limit = number('limit') ?? 100;
    const newestFirst = query.get('order') === 'desc';
    if (limit < 1 || limit > 1000) return problem(400, 'limit must be between 1 and 1000');
    if (Number.isNaN(since) || Number.isNaN(until)) return problem(400, 'must be an RFC 3339 time');

    const matching = this.events.filter((event) => {
      const at = Date.parse(event.recorded_at);
      return (
        (image === null || imageOf(event) === image) &&
        (types.length === 0 || types.includes(event.type)) &&
        (since === null || at >= since) &&
        (until === null || at < until) &&
        (after === null || event.position > after) &&
        (before === null || event.position < before)
      );
    });
    if (newestFirst) matching.reverse();
    const events = matching.slice(0, limit);
    const last = events.at(-1);
    const page: EventPage = {
      events,
      next:
        events.length === limit && last ? (newestFirst ? { before: last.position } : { after: last.position }) : null,
      last_position: this.events.length,
    };
    return json(200, page);
  }
}

function imageOf(event: LoggedEvent): string | null {
  switch (event.type) {
    case 'UpdateReceived':
      return event.data.body.image;
    case 'UpdateDismissed':
    case 'TagAssigned':
    case 'TagUnassigned':
      return event.data.image;
    default:
      return null;
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function problem(status: number, description: string): Response {
  const titles: Record<number, string> = { 400: '400 Bad Request', 404: '404 Not Found', 409: '409 Conflict' };
  return json(status, { title: titles[status] ?? String(status), description });
}
