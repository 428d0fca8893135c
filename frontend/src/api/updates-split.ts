/**
 * The worker's side of reading `GET /api/updates` (see `updates-parser.ts`):
 * split the list into its entries off the page's thread, compare each entry's
 * text with the last live list's, and hand back only what changed, as JSON
 * texts of about `BATCH_CHARS` each, so the page parses 9 MiB in short steps
 * on the first load and one entry when a poll brings one change.
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
  const order: string[] = [];
  const texts: EntryTexts = new Map();
  const batches: string[] = [];
  let batch: string[] = [];
  let size = 0;
  for (const [image, entry] of objectMembers(text)) {
    order.push(image);
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENING = new Set([0x7b, 0x5b]); // { [
const CLOSING = new Set([0x7d, 0x5d]); // } ]

/**
 * The members of the JSON object `text`, each key decoded and its value as
 * text, found without parsing the values: a tenth of the time of
 * `JSON.parse` and `JSON.stringify` over a big list. The values are checked
 * where they are parsed (the page parses each batch); what lies between them is checked here.
 */
export function objectMembers(text: string): [string, string][] {
  const members: [string, string][] = [];
  let at = skipSpace(text, 0);
  expect(text, at, '{');
  at = skipSpace(text, at + 1);
  if (text[at] !== '}') {
    for (;;) {
      if (text.charCodeAt(at) !== QUOTE) throw new SyntaxError(`a key was expected at ${at}`);
      const keyEnd = stringEnd(text, at);
      const key = JSON.parse(text.slice(at, keyEnd)) as string;
      at = skipSpace(text, keyEnd);
      expect(text, at, ':');
      const valueStart = skipSpace(text, at + 1);
      const valueEnd = valueEndAt(text, valueStart);
      members.push([key, text.slice(valueStart, valueEnd)]);
      at = skipSpace(text, valueEnd);
      if (text[at] !== ',') break;
      at = skipSpace(text, at + 1);
    }
  }
  expect(text, at, '}');
  if (skipSpace(text, at + 1) !== text.length) throw new SyntaxError(`unexpected text after the object at ${at + 1}`);
  return members;
}

function expect(text: string, at: number, character: string): void {
  if (text[at] !== character) throw new SyntaxError(`"${character}" was expected at ${at}`);
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at += 1;
  return at;
}

/** Just past the string that opens at `start` (its quote). */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) throw new SyntaxError(`a string opened at ${start} is not closed`);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Just past the value that starts at `start`: a string, an object or array (strings inside skipped whole), or a literal. */
function valueEndAt(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (!OPENING.has(first)) {
    let at = start;
    while (at < text.length && !',}] \t\n\r'.includes(text[at] as string)) at += 1;
    if (at === start) throw new SyntaxError(`a value was expected at ${start}`);
    return at;
  }
  let depth = 0;
  for (let at = start; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) at = stringEnd(text, at) - 1;
    else if (OPENING.has(code)) depth += 1;
    else if (CLOSING.has(code) && --depth === 0) return at + 1;
  }
  throw new SyntaxError(`a value opened at ${start} is not closed`);
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
