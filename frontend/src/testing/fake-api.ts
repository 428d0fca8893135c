import type {
  DiunEvent,
  EventAudit,
  EventData,
  EventPage,
  EventType,
  Host,
  HostEntry,
  Insights,
  LoggedEvent,
  Notifications,
  Tag,
  UpdateEntry,
  UpdatesByImage,
} from '@/api/types';
import { fullRepository, imageRefOf, isConnectionTest } from '@/lib/image-ref';
import { compareVersions, parseVersion, type Change } from '@/lib/versions';

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

/** One host's entry for an image, pending unless `fields` say otherwise. */
export function hostEntry(hostname: string, fields: Partial<HostEntry> = {}): HostEntry {
  return {
    hostname,
    status: 'new',
    digest: '',
    platform: 'linux/amd64',
    containers: [],
    received_at: '2026-03-23T10:00:00Z',
    acknowledged: false,
    acknowledged_at: null,
    resolution: fields.acknowledged ? (fields.snoozed_until ? 'snoozed' : 'dismissed') : null,
    deployed_at: null,
    update_request: null,
    snoozed_until: null,
    repository: '',
    tag: null,
    previous_tag: null,
    change: null,
    ...fields,
  };
}

/**
 * An entry as the server sends it. Without `hosts`, the event's host (or
 * `docker-host`) is its only host, in the entry's own state.
 */
export function updateEntry(image: string, fields: Partial<UpdateEntry> = {}): UpdateEntry {
  const ref = imageRefOf(image);
  const entry = {
    event: diunEvent(image, { hostname: 'docker-host' }),
    received_at: '2026-03-23T10:00:00Z',
    acknowledged: false,
    acknowledged_at: null,
    snoozed_until: null,
    tag: null,
    deployed_at: null,
    repository: fullRepository(ref),
    image_tag: ref.tag,
    previous_tag: null,
    change: null,
    ...fields,
  };
  const { received_at, acknowledged, acknowledged_at, snoozed_until, repository, previous_tag, change } = entry;
  const hosts = fields.hosts ?? [
    hostEntry(entry.event.hostname ?? '', {
      received_at,
      acknowledged,
      acknowledged_at,
      snoozed_until,
      repository,
      tag: ref.tag,
      previous_tag,
      change,
    }),
  ];
  const resolution = fields.resolution ?? (acknowledged ? (snoozed_until ? 'snoozed' : 'dismissed') : null);
  return { ...entry, resolution, hosts };
}

type Request = { method: string; path: string; query: URLSearchParams; body: unknown; headers: Headers };

/**
 * An in-memory diundash server behind a `fetch` function, following the HTTP
 * contract (status codes, error bodies, ETag/304, the event log, `as_of`).
 * Tests drive the real API client and hooks through it and inspect `requests`
 * and the state it keeps. Every change it makes is also appended to `events`,
 * with a snapshot of the updates after it, which is what `as_of` answers from.
 * Like the server it keeps each host's receipt of an image (`hosts`); the
 * entry is the latest receipt of any host, acknowledged when every host's is.
 */
export class FakeApi {
  updates: UpdatesByImage = {};
  tags: Tag[] = [];
  events: LoggedEvent[] = [];
  requests: Request[] = [];
  /** What `GET /api/insights` answers (its window echoed back); set by a test, empty by default. */
  insights: Omit<Insights, 'days' | 'as_of' | 'position'> | null = null;
  /** Makes every request fail as if the server were down. */
  offline = false;
  /** How long after its last report a host counts as stale (the server's STALE_AFTER). */
  staleAfterMs = 7 * 24 * 3600 * 1000;
  /** The hosts with an update hook (the server's UPDATE_HOOKS), and what their hooks answer. */
  updateHooks = new Set<string>();
  hookAnswer: { status: number; body?: string } = { status: 202 };
  /** The hosts whose DIUN metrics are read (HEARTBEAT_URLS): their DIUN's last check. */
  heartbeats = new Map<string, string | null>();
  /** The hosts whose DIUN went silent: since when, and why. */
  silent = new Map<string, { since: string; reason: string }>();
  /** `GET /api/notifications`: no channel set up until a test says otherwise. */
  notifications: Notifications = {
    channels: [],
    new: { enabled: false, batch_seconds: 60 },
    digest: { schedule: null, timezone: 'UTC', when_empty: false, next_at: null },
    remind_after_seconds: null,
    history: [],
  };
  /** The channels a test notification fails on, and why. */
  failingChannels: Record<string, string> = {};
  private snapshots: UpdatesByImage[] = [{}];
  private version = 0;
  private nextTagId = 1;
  /** Each host's latest body per image and the order it came in, to pick an entry's latest receipt. */
  private receipts = new Map<string, { body: DiunEvent; order: number }>();
  private receiptCount = 0;
  /** Every tag received of each repository, for previous tags as the server finds them. */
  private versions = new Map<string, string[]>();

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

  /** As DIUN's webhook would: upsert the image as a pending update on the body's host. */
  receive(image: string, event: Partial<DiunEvent> = {}, receivedAt = new Date().toISOString()): void {
    const body = diunEvent(image, { status: 'new', hostname: 'docker-host', platform: 'linux/amd64', ...event });
    const hostname = body.hostname ?? '';
    const containers = stringOf(body.metadata?.ctn_names);
    const ref = imageRefOf(image);
    const repository = fullRepository(ref);
    const known = this.versions.get(repository) ?? [];
    const previous = ref.tag === null ? null : previousTag(ref.tag, known);
    if (ref.tag !== null && parseVersion(ref.tag)) this.versions.set(repository, [...known, ref.tag]);
    const before = this.updates[image]?.hosts.find((h) => h.hostname === hostname);
    // The same build again keeps its acknowledgement (skip this build).
    const sameBuild = before?.acknowledged_at != null && !!body.digest && before.digest === body.digest;
    const hostEntry: HostEntry = {
      hostname,
      status: body.status ?? '',
      digest: body.digest ?? '',
      platform: body.platform ?? '',
      containers: containers ? containers.split(',') : [],
      received_at: receivedAt,
      acknowledged: sameBuild ? (before?.acknowledged ?? false) : false,
      acknowledged_at: sameBuild ? (before?.acknowledged_at ?? null) : null,
      snoozed_until: sameBuild ? (before?.snoozed_until ?? null) : null,
      resolution: sameBuild ? (before?.resolution ?? null) : null,
      deployed_at: sameBuild ? (before?.deployed_at ?? null) : null,
      update_request: null,
      repository,
      tag: ref.tag,
      previous_tag: previous,
      change: changeOf(body.status ?? '', ref.tag, previous),
    };
    this.receipts.set(receiptKey(hostname, image), { body, order: this.receiptCount++ });
    const others = this.updates[image]?.hosts.filter((h) => h.hostname !== hostname) ?? [];
    this.setHosts(image, [...others, hostEntry]);
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

  /**
   * Acknowledge the pending ones among `images` (on `host` only, when given),
   * for good or snoozed `until` then; returns those it changed.
   */
  dismiss(
    images: string[],
    at = new Date().toISOString(),
    host: string | null = null,
    until: string | null = null,
  ): string[] {
    const onHost = (h: HostEntry) => host === null || h.hostname === host;
    const open = (h: HostEntry) => !h.acknowledged || h.snoozed_until !== null;
    const dismissed = images.filter((image) => this.updates[image]?.hosts.some((h) => onHost(h) && open(h)));
    for (const image of dismissed) {
      const hosts = this.updates[image]?.hosts ?? [];
      this.setHosts(
        image,
        hosts.map((h) =>
          onHost(h) && open(h)
            ? {
                ...h,
                acknowledged: true,
                acknowledged_at: at,
                snoozed_until: until,
                resolution: until ? ('snoozed' as const) : ('dismissed' as const),
              }
            : h,
        ),
      );
      if (until === null) this.record('UpdateDismissed', { image, dismissed_at: at, host }, at);
      else this.record('UpdateSnoozed', { image, snoozed_at: at, until, host }, at);
    }
    return dismissed;
  }

  /** As a deploy script would: report `image` deployed on `host`; false if that host has no entry of it. */
  deploy(image: string, host: string, at = new Date().toISOString()): boolean {
    const hosts = this.updates[image]?.hosts ?? [];
    const entry = hosts.find((h) => h.hostname === host);
    if (!entry) return false;
    if (entry.resolution === 'deployed') return true;
    const deployed: HostEntry = {
      ...entry,
      acknowledged: true,
      acknowledged_at: entry.acknowledged_at ?? at,
      resolution: 'deployed',
      deployed_at: at,
      update_request: null,
    };
    this.setHosts(
      image,
      hosts.map((h) => (h === entry ? deployed : h)),
    );
    this.record('UpdateDeployed', { image, host, digest: entry.digest, deployed_at: at }, at);
    return true;
  }

  /** Call `host`'s update hook for `image` as the server does: it answers `hookAnswer`, and the call is recorded. */
  requestUpdate(image: string, host: string, at = new Date().toISOString()): Response {
    if (!this.updateHooks.has(host)) return problem(404, `no update hook is configured for host '${host}'`);
    const hosts = this.updates[image]?.hosts ?? [];
    if (!hosts.some((h) => h.hostname === host)) return problem(404, `no update is tracked for image '${image}'`);
    const { status, body } = this.hookAnswer;
    const accepted = status >= 200 && status < 300;
    const outcome = accepted ? `the hook accepted it (HTTP ${status})` : `the hook refused it (HTTP ${status})`;
    const update_request = { requested_at: at, hook_status: status, accepted };
    this.setHosts(
      image,
      hosts.map((h) => (h.hostname === host ? { ...h, update_request } : h)),
    );
    this.record('UpdateRequested', { image, host, requested_at: at, hook_status: status, outcome }, at);
    if (!accepted) return problem(502, body ? `${outcome}: ${body}` : outcome);
    return json(202, { image, host, requested_at: at, hook_status: status, outcome });
  }

  /** As the heartbeat job would: `hostname`'s DIUN went silent (or, with null, is back). */
  setSilent(hostname: string, silent: { since: string; reason: string } | null, at = new Date().toISOString()): void {
    if (silent) {
      this.silent.set(hostname, silent);
      this.record('HostSilent', { hostname, ...silent }, at, 'job');
    } else {
      this.silent.delete(hostname);
      this.record('HostBack', { hostname, last_check_at: at }, at, 'job');
    }
  }

  /** Forget `image` on `host` (every host when null) until a host reports it again; false if nothing to forget. */
  forget(image: string, host: string | null = null, at = new Date().toISOString()): boolean {
    const hosts = this.updates[image]?.hosts ?? [];
    if (!hosts.some((h) => host === null || h.hostname === host)) return false;
    this.setHosts(
      image,
      hosts.filter((h) => host !== null && h.hostname !== host),
    );
    this.record('UpdateForgotten', { image, host }, at);
    return true;
  }

  /** Forget a host, every entry it reported and its silence; false if it has none of them. */
  forgetHost(hostname: string, at = new Date().toISOString()): boolean {
    const images = this.imagesOf(hostname);
    if (images.length === 0 && !this.silent.has(hostname)) return false;
    for (const image of images) {
      this.setHosts(image, this.updates[image]?.hosts.filter((h) => h.hostname !== hostname) ?? []);
    }
    this.silent.delete(hostname);
    this.record('HostForgotten', { hostname }, at);
    return true;
  }

  /** Move a host's entries under a new name. */
  renameHost(hostname: string, newHostname: string, at = new Date().toISOString()): void {
    for (const image of this.imagesOf(hostname)) {
      const receipt = this.receipts.get(receiptKey(hostname, image));
      if (receipt) this.receipts.set(receiptKey(newHostname, image), receipt);
      const hosts = this.updates[image]?.hosts ?? [];
      this.setHosts(
        image,
        hosts.map((h) => (h.hostname === hostname ? { ...h, hostname: newHostname } : h)),
      );
    }
    this.record('HostRenamed', { hostname, new_hostname: newHostname }, at);
  }

  /** `GET /api/hosts` as the server would answer it now. */
  hosts(now = Date.now()): Host[] {
    const hosts = new Map<string, Host>();
    const latest = new Map<string, number>();
    for (const [image, entry] of Object.entries(this.updates)) {
      for (const h of entry.hosts) {
        const receipt = this.receipts.get(receiptKey(h.hostname, image));
        const host = hosts.get(h.hostname) ?? this.emptyHost(h.hostname);
        host.images += 1;
        if (isConnectionTest(image)) host.last_test_at = h.received_at;
        else if (!h.acknowledged) host.pending += 1;
        if (receipt && receipt.order > (latest.get(h.hostname) ?? -1)) {
          latest.set(h.hostname, receipt.order);
          host.last_seen = h.received_at;
          host.diun_version = receipt.body.diun_version ?? '';
        }
        hosts.set(h.hostname, host);
      }
    }
    for (const hostname of [...this.heartbeats.keys(), ...this.silent.keys()]) {
      if (!hosts.has(hostname)) hosts.set(hostname, this.emptyHost(hostname));
    }
    return [...hosts.values()]
      .sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0))
      .map((host) => {
        const silent = this.silent.get(host.hostname);
        const heartbeat = this.heartbeats.has(host.hostname);
        const quiet = !heartbeat && now - Date.parse(host.last_seen ?? '') > this.staleAfterMs;
        return {
          ...host,
          stale: silent !== undefined || quiet,
          heartbeat,
          last_check_at: this.heartbeats.get(host.hostname) ?? null,
          silent_since: silent?.since ?? null,
          silent_reason: silent?.reason ?? null,
        };
      });
  }

  private emptyHost(hostname: string): Host {
    return {
      hostname,
      images: 0,
      pending: 0,
      last_seen: null,
      diun_version: '',
      stale: false,
      heartbeat: false,
      last_check_at: null,
      silent_since: null,
      silent_reason: null,
      update_hook: this.updateHooks.has(hostname),
      last_test_at: null,
    };
  }

  writes(): { method: string; path: string; body: unknown }[] {
    return this.requests.filter((r) => r.method !== 'GET').map(({ method, path, body }) => ({ method, path, body }));
  }

  /** The query strings of the `GET /api/events` requests made so far, in order. */
  eventQueries(): string[] {
    return this.requests.filter((r) => r.path === '/api/events').map((r) => r.query.toString());
  }

  private imagesOf(hostname: string): string[] {
    return Object.keys(this.updates).filter((image) => this.updates[image]?.hosts.some((h) => h.hostname === hostname));
  }

  /** The entry of `image` from its hosts' entries, as the server adds them up; no hosts, no entry. */
  private setHosts(image: string, hosts: HostEntry[]): void {
    const { [image]: previous, ...rest } = this.updates;
    if (hosts.length === 0) {
      this.updates = rest;
      return;
    }
    const sorted = [...hosts].sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
    let latest: { body: DiunEvent; order: number; received_at: string } | null = null;
    for (const h of sorted) {
      const receipt = this.receipts.get(receiptKey(h.hostname, image));
      if (receipt && (latest === null || receipt.order > latest.order))
        latest = { ...receipt, received_at: h.received_at };
    }
    const acknowledged = sorted.every((h) => h.acknowledged);
    const times = sorted.map((h) => h.acknowledged_at ?? '').sort();
    const deployed = sorted.every((h) => h.resolution === 'deployed');
    const snoozes = sorted.flatMap((h) => (h.snoozed_until ? [h.snoozed_until] : [])).sort();
    const latestHost = sorted.find((h) => h.received_at === latest?.received_at) ?? sorted[0];
    const ref = imageRefOf(image);
    const entry: UpdateEntry = {
      event: latest?.body ?? diunEvent(image),
      received_at: latest?.received_at ?? '',
      acknowledged,
      acknowledged_at: acknowledged ? (times.at(-1) ?? null) : null,
      snoozed_until: acknowledged ? (snoozes[0] ?? null) : null,
      tag: previous?.tag ?? null,
      hosts: sorted,
      resolution: !acknowledged ? null : deployed ? 'deployed' : snoozes.length > 0 ? 'snoozed' : 'dismissed',
      deployed_at: deployed
        ? (sorted
            .map((h) => h.deployed_at ?? '')
            .sort()
            .at(-1) ?? null)
        : null,
      repository: fullRepository(ref),
      image_tag: ref.tag,
      previous_tag: latestHost?.previous_tag ?? null,
      change: latestHost?.change ?? null,
    };
    this.updates = { ...this.updates, [image]: entry };
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

  /** A test notification to every channel: each recorded in the history as the server does. */
  private sendTest(): Response {
    const at = new Date().toISOString();
    const results = this.notifications.channels.map((channel) => {
      const error = this.failingChannels[channel] ?? null;
      return { channel, outcome: error === null ? ('sent' as const) : ('failed' as const), error };
    });
    const sends = results.map(({ channel, outcome, error }) => ({
      key: `test:${at}`,
      channel,
      kind: 'test' as const,
      title: 'diundash: test notification',
      outcome,
      attempts: 1,
      first_attempt_at: at,
      last_attempt_at: at,
      retry_at: null,
      error,
    }));
    this.notifications = { ...this.notifications, history: [...sends, ...this.notifications.history] };
    return json(200, { results });
  }

  private insightsOf(query: URLSearchParams): Response {
    const days = Number(query.get('days') ?? 90);
    const asOf = query.get('as_of');
    const position = asOf !== null && /^\d+$/.test(asOf) ? Number(asOf) : this.events.length;
    const empty = {
      since: '2026-01-01T00:00:00.000000Z',
      received: 0,
      resolved: 0,
      weeks: [],
      wait: { resolved: 0, median_seconds: null, p90_seconds: null },
      wait_by_host: [],
      oldest_pending: [],
      repositories: [],
      hosts: [],
    };
    const asOfTime = asOf !== null && !/^\d+$/.test(asOf) ? asOf : '2026-03-30T10:00:00.000000Z';
    return json(200, { ...(this.insights ?? empty), days, as_of: asOfTime, position });
  }

  private route({ method, path, query, body, headers }: Request): Response {
    const etag = `"log-${this.version}"`;
    if (path === '/api/updates' && method === 'GET') {
      const asOf = query.get('as_of');
      if (asOf !== null) return this.updatesAsOf(asOf);
      if (headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
      const host = query.get('host');
      return json(200, host === null ? this.updates : onHost(this.updates, host), { ETag: etag });
    }
    if (path === '/api/events' && method === 'GET') return this.eventPage(query);
    const onePath = /^\/api\/updates\/(.+)$/.exec(path);
    if (onePath && (method === 'PATCH' || method === 'DELETE')) {
      const image = decodeURIComponent(onePath[1] ?? '');
      const host = query.get('host');
      const known = this.updates[image]?.hosts.some((h) => host === null || h.hostname === host);
      if (!known) return problem(404, `no update for image ${image}${host === null ? '' : ` on host ${host}`}`);
      if (method === 'PATCH') this.dismiss([image], undefined, host, untilOf(body));
      else this.forget(image, host);
      return new Response(null, { status: 204 });
    }
    if (path === '/api/dismissals' && method === 'POST') {
      const { images, host } = body as { images: string[]; host?: string | null };
      return json(200, { dismissed: this.dismiss(images, undefined, host ?? null, untilOf(body)) });
    }
    if (path === '/api/hosts' && method === 'GET') return json(200, this.hosts());
    if (path === '/api/update-requests' && method === 'POST') {
      const { image, host } = body as { image: string; host: string };
      return this.requestUpdate(image, host);
    }
    if (path === '/api/deployments' && method === 'POST') {
      const { image, host } = body as { image: string; host: string };
      if (!this.deploy(image, host)) return problem(404, `no update is tracked for image '${image}' on '${host}'`);
      const entry = this.updates[image]?.hosts.find((h) => h.hostname === host);
      return json(200, { image, host, digest: entry?.digest ?? '', deployed_at: entry?.deployed_at ?? '' });
    }
    if (path === '/api/insights' && method === 'GET') return this.insightsOf(query);
    const hostPath = /^\/api\/hosts\/([^/]+)(\/rename)?$/.exec(path);
    if (hostPath) {
      const hostname = decodeURIComponent(hostPath[1] ?? '');
      if (this.imagesOf(hostname).length === 0 && !this.silent.has(hostname))
        return problem(404, `no host named ${hostname}`);
      if (method === 'DELETE' && !hostPath[2]) {
        this.forgetHost(hostname);
        return new Response(null, { status: 204 });
      }
      if (method === 'POST' && hostPath[2]) {
        const newName = ((body as { hostname?: string }).hostname ?? '').trim();
        if (!newName) return problem(400, "'hostname' must be a non-empty string");
        if (this.imagesOf(newName).length > 0) return problem(409, `a host named ${newName} exists`);
        this.renameHost(hostname, newName);
        return new Response(null, { status: 204 });
      }
    }
    if (path === '/api/notifications' && method === 'GET') return json(200, this.notifications);
    if (path === '/api/notifications/test' && method === 'POST') return this.sendTest();
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
        return problem(404, `'as_of' position ${position} is past the end of the log (${this.events.length})`);
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
    const host = query.get('host');
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
        (host === null || hostsOf(event).includes(host)) &&
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
    case 'UpdateSnoozed':
    case 'UpdateForgotten':
    case 'UpdateDeployed':
    case 'UpdateRequested':
    case 'TagAssigned':
    case 'TagUnassigned':
      return event.data.image;
    default:
      return null;
  }
}

/** The hosts an event is about, for `GET /api/events?host=`. */
function hostsOf(event: LoggedEvent): string[] {
  switch (event.type) {
    case 'UpdateReceived':
      return [event.data.body.hostname ?? ''];
    case 'UpdateDismissed':
    case 'UpdateSnoozed':
    case 'UpdateForgotten':
      return event.data.host === null ? [] : [event.data.host];
    case 'UpdateDeployed':
    case 'UpdateRequested':
      return [event.data.host];
    case 'HostForgotten':
    case 'HostSilent':
    case 'HostBack':
      return [event.data.hostname];
    case 'HostRenamed':
      return [event.data.hostname, event.data.new_hostname];
    default:
      return [];
  }
}

function onHost(updates: UpdatesByImage, host: string): UpdatesByImage {
  return Object.fromEntries(
    Object.entries(updates).filter(([, entry]) => entry.hosts.some((h) => h.hostname === host)),
  );
}

function untilOf(body: unknown): string | null {
  const until = (body as { until?: unknown } | undefined)?.until;
  return typeof until === 'string' ? until : null;
}

/** The server's previous tag: the newest known tag before `tag` in version order, of its flavour. */
function previousTag(tag: string, known: string[]): string | null {
  const version = parseVersion(tag);
  if (!version) return null;
  let best: { tag: string; version: NonNullable<ReturnType<typeof parseVersion>> } | null = null;
  for (const other of known) {
    const candidate = parseVersion(other);
    if (!candidate || candidate.flavour !== version.flavour) continue;
    if (version.prerelease === null && candidate.prerelease !== null) continue;
    if (compareVersions(candidate, version) >= 0) continue;
    if (best === null || compareVersions(candidate, best.version) > 0) best = { tag: other, version: candidate };
  }
  return best?.tag ?? null;
}

/** The server's change between two tags (`diundash/versions.py`). */
function changeOf(status: string, tag: string | null, previous: string | null): Change | null {
  if (status === 'update') return 'digest';
  if (status !== 'new' || tag === null || previous === null) return null;
  const [a, b] = [parseVersion(tag), parseVersion(previous)];
  if (!a || !b) return null;
  const width = Math.max(a.numbers.length, b.numbers.length);
  for (let at = 0; at < width; at++) {
    if ((a.numbers[at] ?? 0) !== (b.numbers[at] ?? 0)) return at === 0 ? 'major' : at === 1 ? 'minor' : 'patch';
  }
  return 'prerelease';
}

function receiptKey(hostname: string, image: string): string {
  return `${hostname}\u0000${image}`;
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function problem(status: number, description: string): Response {
  const titles: Record<number, string> = {
    400: '400 Bad Request',
    404: '404 Not Found',
    409: '409 Conflict',
    502: '502 Bad Gateway',
  };
  return json(status, { title: titles[status] ?? String(status), description });
}
