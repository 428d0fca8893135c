import { QueryClient } from '@tanstack/react-query';
import { updateEntry } from '@/testing/fake-api';
import { acknowledge, patchCachedUpdates, untagAll, withImageTag } from './cache';
import { queryKeys } from './query-keys';
import type { UpdatesByImage } from './types';

const production = { id: 1, name: 'production' };

function entry(image: string, tag: UpdatesByImage[string]['tag'] = null) {
  return updateEntry(image, { tag });
}

const updates: UpdatesByImage = {
  'nginx:1.25': entry('nginx:1.25', production),
  'redis:7': entry('redis:7', production),
  'postgres:16': entry('postgres:16'),
};

describe('cache patches', () => {
  it('acknowledges only the images named, leaving the other entries as they were', () => {
    const next = acknowledge(updates, ['nginx:1.25']);

    expect(next['nginx:1.25']).toMatchObject({ acknowledged: true, acknowledged_at: expect.any(String) });
    expect(next['redis:7']).toBe(updates['redis:7']);
  });

  it('untags every image under a deleted tag, and tags one image', () => {
    expect(Object.values(untagAll(updates, production.id)).map((e) => e.tag)).toEqual([null, null, null]);
    expect(withImageTag(updates, 'postgres:16', production)['postgres:16']?.tag).toBe(production);
    expect(withImageTag(updates, 'unknown:1', production)).toBe(updates);
  });

  it('patches the cached updates at once and undoes the patch on request', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(queryKeys.updates, updates);

    const undo = await patchCachedUpdates(queryClient, (cached) => acknowledge(cached, ['redis:7']));
    expect(queryClient.getQueryData<UpdatesByImage>(queryKeys.updates)?.['redis:7']?.acknowledged).toBe(true);

    undo();
    expect(queryClient.getQueryData(queryKeys.updates)).toEqual(updates);
  });
});
