import type { Tag, UpdateEntry, UpdatesByImage } from '@/api/types';

type Handler = (request: { method: string; path: string; body: unknown; headers: Headers }) => Response;

/**
 * An in-memory diundash server behind a `fetch` function, following the HTTP
 * contract (status codes, error bodies, ETag/304). Tests drive the real API
 * client and hooks through it and inspect `requests` and the state it keeps.
 */
export class FakeApi {
  updates: UpdatesByImage = {};
  tags: Tag[] = [];
  requests: { method: string; path: string; body: unknown; headers: Headers }[] = [];
  /** Makes every request fail as if the server were down. */
  offline = false;
  private version = 0;
  private nextTagId = 1;

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    if (this.offline) throw new TypeError('Failed to fetch');
    const method = init.method ?? 'GET';
    const path = String(input).replace(/^\/?/, '/');
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const headers = new Headers(init.headers);
    const request = { method, path, body, headers };
    this.requests.push(request);
    return this.route(request);
  };

  /** As DIUN's webhook would: upsert the image as a pending update. */
  receive(image: string, event: Partial<UpdateEntry['event']> = {}, receivedAt = new Date().toISOString()): void {
    const tag = this.updates[image]?.tag ?? null;
    this.updates = {
      ...this.updates,
      [image]: {
        event: { image, status: 'new', hostname: 'docker-host', platform: 'linux/amd64', ...event },
        received_at: receivedAt,
        acknowledged: false,
        acknowledged_at: null,
        tag,
      },
    };
    this.version += 1;
  }

  addTag(name: string): Tag {
    const tag = { id: this.nextTagId++, name };
    this.tags = [...this.tags, tag];
    this.version += 1;
    return tag;
  }

  tagImage(image: string, tag: Tag | null): void {
    const entry = this.updates[image];
    if (entry) this.updates = { ...this.updates, [image]: { ...entry, tag } };
    this.version += 1;
  }

  writes(): { method: string; path: string; body: unknown }[] {
    return this.requests.filter((r) => r.method !== 'GET').map(({ method, path, body }) => ({ method, path, body }));
  }

  private route({ method, path, body, headers }: Parameters<Handler>[0]): Response {
    const etag = `"log-${this.version}"`;
    if (path === '/api/updates' && method === 'GET') {
      if (headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
      return json(200, this.updates, { ETag: etag });
    }
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
      this.tags = this.tags.filter((tag) => tag.id !== id);
      for (const [image, entry] of Object.entries(this.updates)) if (entry.tag?.id === id) this.tagImage(image, null);
      this.version += 1;
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

  /** Acknowledge the pending ones among `images`; returns those it dismissed. */
  dismiss(images: string[]): string[] {
    const dismissed = images.filter((image) => this.updates[image] && !this.updates[image].acknowledged);
    const now = new Date().toISOString();
    for (const image of dismissed) {
      const entry = this.updates[image];
      if (entry) this.updates = { ...this.updates, [image]: { ...entry, acknowledged: true, acknowledged_at: now } };
    }
    if (dismissed.length > 0) this.version += 1;
    return dismissed;
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function problem(status: number, description: string): Response {
  const titles: Record<number, string> = { 400: '400 Bad Request', 404: '404 Not Found', 409: '409 Conflict' };
  return json(status, { title: titles[status] ?? String(status), description });
}
