/**
 * The worker's side of reading `GET /api/updates` (see `updates-parser.ts`):
 * parse the list off the page's thread, compare each entry with the last live
 * list, and hand back only what changed, as JSON texts of about `BATCH_CHARS`
 * each, so the page parses 9 MiB in short steps on the first load and one
 * entry when a poll brings one change.
 */

/** Each entry's JSON text by image, as the last live list had it. */
export type EntryTexts = Map<string, string>;

/** Main thread to worker: a body to read; `live` compares it with the last live body and remembers it. */
export type SplitRequest = { id: number; body: ArrayBuffer; live: boolean };

/** Worker to main thread: some changed entries, then the order of all images (the end), or why it failed. */
export type SplitReply =
  { id: number; batch: string } | { id: number; order: string[] } | { id: number; error: string };

/** About 10 ms of `JSON.parse` on a slow, busy core: short enough that the page stays responsive between them. */
export const BATCH_CHARS = 512 * 1024;

export type SplitUpdates = {
  /** Every image, in the server's order. */
  order: string[];
  /** `{"image": entry, …}` texts of the entries that are new or changed since `before`. */
  batches: string[];
  /** What to compare the next live list with. */
  texts: EntryTexts;
};

/** The images of `text` (the body of `GET /api/updates`), and the entries that changed since `before`, in batches. */
export function splitUpdates(text: string, before: EntryTexts | null, batchChars = BATCH_CHARS): SplitUpdates {
  const updates = JSON.parse(text) as Record<string, unknown>;
  const order = Object.keys(updates);
  const texts: EntryTexts = new Map();
  const batches: string[] = [];
  let batch: string[] = [];
  let size = 0;
  for (const image of order) {
    const entry = JSON.stringify(updates[image]);
    texts.set(image, entry);
    if (before?.get(image) === entry) continue;
    const member = `${JSON.stringify(image)}:${entry}`;
    batch.push(member);
    size += member.length;
    if (size >= batchChars) {
      batches.push(`{${batch.join(',')}}`);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) batches.push(`{${batch.join(',')}}`);
  return { order, batches, texts };
}

/** The two ends of a worker's message channel that the protocol uses. */
export type MessageEnd<In, Out> = {
  postMessage(message: Out): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<In>) => void): void;
};

/** Answer split requests arriving at `port` (the worker's global scope), remembering the last live list. */
export function serveSplitRequests(port: MessageEnd<SplitRequest, SplitReply>): void {
  const decoder = new TextDecoder();
  let live: EntryTexts | null = null;
  port.addEventListener('message', ({ data: { id, body, live: isLive } }) => {
    let split: SplitUpdates;
    try {
      split = splitUpdates(decoder.decode(body), isLive ? live : null);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (isLive) live = split.texts;
    for (const batch of split.batches) port.postMessage({ id, batch });
    port.postMessage({ id, order: split.order });
  });
}
