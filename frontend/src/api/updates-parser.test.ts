import type { UpdatesByImage } from './types';
import { parserOver, type UpdatesParser } from './updates-parser';
import { objectMembers, serveSplitRequests, splitUpdates } from './updates-split';
import { updateEntry } from '@/testing/fake-api';

const body = (updates: UpdatesByImage) => new TextEncoder().encode(JSON.stringify(updates)).buffer as ArrayBuffer;

/** The page's parser, with the worker's side at the other end of a real message channel. */
function parserAndWorker(): UpdatesParser {
  const channel = new MessageChannel();
  serveSplitRequests(channel.port1 as never);
  channel.port1.start();
  channel.port2.start();
  return parserOver(channel.port2 as never);
}

const nginx = updateEntry('nginx:1.25');
const redis = updateEntry('redis:7');
const postgres = updateEntry('postgres:16');

describe('splitUpdates', () => {
  it('hands back every entry the first time, in batches of about the size asked, the order kept', () => {
    const split = splitUpdates(
      JSON.stringify({ 'nginx:1.25': nginx, 'redis:7': redis, 'postgres:16': postgres }),
      null,
      10,
    );

    expect(split.order).toEqual(['nginx:1.25', 'redis:7', 'postgres:16']);
    expect(split.batches).toHaveLength(3);
    expect(split.batches.map((batch) => Object.keys(JSON.parse(batch) as object))).toEqual([
      ['nginx:1.25'],
      ['redis:7'],
      ['postgres:16'],
    ]);
  });

  it('hands back only the entries that changed since the last list', () => {
    const before = splitUpdates(JSON.stringify({ 'nginx:1.25': nginx, 'redis:7': redis }), null).texts;
    const acknowledged = { ...redis, acknowledged: true };

    const split = splitUpdates(
      JSON.stringify({ 'nginx:1.25': nginx, 'redis:7': acknowledged, 'postgres:16': postgres }),
      before,
    );

    expect(split.order).toEqual(['nginx:1.25', 'redis:7', 'postgres:16']);
    expect(split.batches.map((batch) => JSON.parse(batch) as object)).toEqual([
      { 'redis:7': acknowledged, 'postgres:16': postgres },
    ]);
  });
});

describe('objectMembers', () => {
  it('finds each member of an object as JSON.parse reads it, whatever the spacing, escapes and nesting', () => {
    const text = String.raw` {"a\"b\\": {"x": "}\"{", "y": [1, {"z": "\\"}], "n": null} ,
      "plain" :"v\\" , "num":-1.5e3, "t":true, "list":[ "]" ], "é\u2028": {} }  `;

    const members = objectMembers(text);

    expect(members.map(([key]) => key)).toEqual(['a"b\\', 'plain', 'num', 't', 'list', 'é\u2028']);
    expect(Object.fromEntries(members.map(([key, value]) => [key, JSON.parse(value) as unknown]))).toEqual(
      JSON.parse(text),
    );
  });

  it('reads an empty object, and refuses what is not one JSON object', () => {
    expect(objectMembers('{}')).toEqual([]);
    for (const text of ['', '[]', '{"a": 1', '{"a": 1} x', '{"a" 1}', '{"a": "open}', '{"a": {"b": 1}', '{a: 1}']) {
      expect(() => objectMembers(text), text).toThrow(SyntaxError);
    }
  });
});

describe('the updates parser over a worker', () => {
  it('reads the list as JSON.parse would', async () => {
    const updates = { 'nginx:1.25': nginx, 'redis:7': redis };

    expect(await parserAndWorker().parse(body(updates), true)).toEqual(updates);
  });

  it('keeps the objects of unchanged entries from one live list to the next, in the order the server sends', async () => {
    const parser = parserAndWorker();
    const first = await parser.parse(body({ 'nginx:1.25': nginx, 'redis:7': redis, 'postgres:16': postgres }), true);

    const acknowledged = { ...redis, acknowledged: true };
    const second = await parser.parse(body({ 'postgres:16': postgres, 'redis:7': acknowledged }), true);

    expect(Object.keys(second)).toEqual(['postgres:16', 'redis:7']);
    expect(second['postgres:16']).toBe(first['postgres:16']);
    expect(second['redis:7']).toEqual(acknowledged);
    expect(second['redis:7']).not.toBe(first['redis:7']);
  });

  it('reads a past state whole, leaving the live list it compares with as it was', async () => {
    const parser = parserAndWorker();
    const live = await parser.parse(body({ 'nginx:1.25': nginx, 'redis:7': redis }), true);

    const past = await parser.parse(body({ 'nginx:1.25': nginx }), false);
    const next = await parser.parse(body({ 'nginx:1.25': nginx, 'redis:7': redis }), true);

    expect(past).toEqual({ 'nginx:1.25': nginx });
    expect(past['nginx:1.25']).not.toBe(live['nginx:1.25']);
    expect(next['nginx:1.25']).toBe(live['nginx:1.25']);
    expect(next['redis:7']).toBe(live['redis:7']);
  });

  it('refuses a body that is not JSON, and compares the next list with the last good one', async () => {
    const parser = parserAndWorker();
    const live = await parser.parse(body({ 'nginx:1.25': nginx }), true);

    await expect(parser.parse(new TextEncoder().encode('<html>').buffer as ArrayBuffer, true)).rejects.toThrow();
    const next = await parser.parse(body({ 'nginx:1.25': nginx }), true);

    expect(next['nginx:1.25']).toBe(live['nginx:1.25']);
  });

  it('reads the list itself when the worker cannot start', async () => {
    const worker = new EventTarget() as EventTarget & { postMessage: () => void };
    worker.postMessage = () => {};
    const parser = parserOver(worker as never);
    const updates = { 'nginx:1.25': nginx };

    const pending = parser.parse(body(updates), true);
    worker.dispatchEvent(new Event('error'));

    expect(await pending).toEqual(updates);
    expect(await parser.parse(body({}), true)).toEqual({});
  });
});
