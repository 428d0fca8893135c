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
});
