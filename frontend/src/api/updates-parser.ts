import type { UpdateEntry, UpdatesByImage } from './types';
import type { MessageEnd, SplitReply, SplitRequest } from './updates-split';

/** Reads the body of `GET /api/updates` (live, or as of a past moment). */
export type UpdatesParser = {
  /**
   * The updates in `body`. With `live`, an entry the last live list had
   * unchanged is the same object as then, so what draws it need not draw it again.
   */
  parse(body: ArrayBuffer, live: boolean): Promise<UpdatesByImage>;
};

/** Parsing on the calling thread, in one go: where there is no Web Worker (tests, old browsers). */
export const parseInThread: UpdatesParser = {
  parse: async (body) => JSON.parse(new TextDecoder().decode(body)) as UpdatesByImage,
};

/**
 * The page's parser: a Web Worker (`updates.worker.ts`) parses the list and
 * sends back only the entries that changed, in short batches, so neither the
 * first 9 MiB of a big fleet nor a poll holds the page's thread for long. If
 * the worker cannot start, the list is parsed here instead.
 */
export function createUpdatesParser(): UpdatesParser {
  if (typeof Worker === 'undefined') return parseInThread;
  let parser: UpdatesParser | null = null;
  return {
    parse(body, live) {
      parser ??= parserOver(
        new Worker(new URL('./updates.worker.ts', import.meta.url), { type: 'module', name: 'diundash-updates' }),
      );
      return parser.parse(body, live);
    },
  };
}

type Pending = {
  body: ArrayBuffer;
  live: boolean;
  changed: Map<string, UpdateEntry>;
  resolve: (updates: UpdatesByImage) => void;
  reject: (error: Error) => void;
};

type WorkerEnd = MessageEnd<SplitReply, SplitRequest> & {
  addEventListener(type: 'error', listener: (event: Event) => void): void;
};

/**
 * A parser over a worker speaking `updates-split.ts`'s protocol. Replies come
 * in the order of the requests, so the entries a live reply leaves out are
 * those of the live list put together just before it.
 */
export function parserOver(worker: WorkerEnd): UpdatesParser {
  const pending = new Map<number, Pending>();
  let lastLive = new Map<string, UpdateEntry>();
  let nextId = 0;
  let failed = false;

  worker.addEventListener('message', ({ data: reply }) => {
    const request = pending.get(reply.id);
    if (!request) return;
    if ('batch' in reply) {
      for (const [image, entry] of Object.entries(JSON.parse(reply.batch) as UpdatesByImage)) {
        request.changed.set(image, entry);
      }
      return;
    }
    pending.delete(reply.id);
    if ('error' in reply) {
      request.reject(new Error(reply.error));
      return;
    }
    const entries = reply.order.map((image) => [image, request.changed.get(image) ?? lastLive.get(image)] as const);
    if (request.live) lastLive = new Map(entries as [string, UpdateEntry][]);
    request.resolve(Object.fromEntries(entries) as UpdatesByImage);
  });
  // A worker that cannot start (a policy refuses it, its file is missing): read here what it was given, and all later.
  worker.addEventListener('error', () => {
    failed = true;
    for (const request of pending.values())
      parseInThread.parse(request.body, false).then(request.resolve, request.reject);
    pending.clear();
  });

  return {
    parse(body, live) {
      if (failed) return parseInThread.parse(body, live);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { body, live, changed: new Map(), resolve, reject });
        // Copied, not transferred: a worker that fails to start leaves the body here to be read.
        worker.postMessage({ id, body, live });
      });
    },
  };
}
