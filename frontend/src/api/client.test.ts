import { FakeApi } from '@/testing/fake-api';
import { ApiError, createApiClient } from './client';

describe('createApiClient', () => {
  it('sends If-None-Match and keeps the remembered updates on 304', async () => {
    const server = new FakeApi();
    server.receive('nginx:1.25');
    const client = createApiClient(server.fetch);

    const first = await client.getUpdates();
    const second = await client.getUpdates();

    expect(second).toBe(first);
    expect(server.requests[1]?.headers.get('If-None-Match')).toBe('"log-1"');
  });

  it('returns fresh data once the log moved on', async () => {
    const server = new FakeApi();
    server.receive('nginx:1.25');
    const client = createApiClient(server.fetch);
    await client.getUpdates();

    server.receive('redis:7');

    expect(Object.keys(await client.getUpdates())).toEqual(['nginx:1.25', 'redis:7']);
  });

  it('URL-encodes the image when dismissing one', async () => {
    const server = new FakeApi();
    server.receive('127.0.0.1:5000/demo/app:1.0');
    await createApiClient(server.fetch).dismissUpdate('127.0.0.1:5000/demo/app:1.0');

    expect(server.writes()).toEqual([
      { method: 'PATCH', path: '/api/updates/127.0.0.1%3A5000%2Fdemo%2Fapp%3A1.0', body: undefined },
    ]);
  });

  it("reports the error body's description", async () => {
    const server = new FakeApi();
    server.addTag('production');
    const failure = createApiClient(server.fetch).createTag('production');

    await expect(failure).rejects.toEqual(new ApiError(409, 'a tag named production already exists'));
  });

  it('turns a network failure into a readable error', async () => {
    const server = new FakeApi();
    server.offline = true;

    await expect(createApiClient(server.fetch).getTags()).rejects.toMatchObject({
      status: 0,
      message: 'The diundash server cannot be reached.',
    });
  });

  it('asks for events with the filters it is given, types comma-separated', async () => {
    const server = new FakeApi();
    server.receive('nginx:1.25', {}, '2026-03-23T10:00:00Z');
    server.dismiss(['nginx:1.25'], '2026-03-23T11:00:00Z');
    const client = createApiClient(server.fetch);

    const page = await client.getEvents({
      image: 'nginx:1.25',
      types: ['UpdateReceived', 'UpdateDismissed'],
      since: '2026-03-23T00:00:00Z',
      order: 'desc',
      limit: 1,
    });

    expect(server.eventQueries()).toEqual([
      'image=nginx%3A1.25&since=2026-03-23T00%3A00%3A00Z&order=desc&limit=1&type=UpdateReceived%2CUpdateDismissed',
    ]);
    expect(page.events.map((event) => event.type)).toEqual(['UpdateDismissed']);
    expect(page.next).toEqual({ before: 2 });
    expect(page.last_position).toBe(2);
  });

  it('reads the position a past state is answered for from X-As-Of-Position', async () => {
    const server = new FakeApi();
    server.receive('nginx:1.25', {}, '2026-03-23T10:00:00Z');
    server.dismiss(['nginx:1.25'], '2026-03-23T11:00:00Z');

    const past = await createApiClient(server.fetch).getUpdatesAsOf('2026-03-23T10:30:00Z');

    expect(past.position).toBe(1);
    expect(past.updates['nginx:1.25']?.acknowledged).toBe(false);
    expect(server.requests[0]?.query.get('as_of')).toBe('2026-03-23T10:30:00Z');
  });
});
