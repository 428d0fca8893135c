import type { QueryClient } from '@tanstack/react-query';
import type { UpdatesByImage } from '@/api/types';
import { updatesQueryKey } from './get-updates';

/**
 * Apply `change` to the cached updates right away and return how to undo it.
 * An in-flight poll is cancelled so it cannot overwrite the change with older data.
 */
export async function patchCachedUpdates(
  queryClient: QueryClient,
  change: (updates: UpdatesByImage) => UpdatesByImage,
): Promise<() => void> {
  await queryClient.cancelQueries({ queryKey: updatesQueryKey });
  const previous = queryClient.getQueryData<UpdatesByImage>(updatesQueryKey);
  if (previous) queryClient.setQueryData(updatesQueryKey, change(previous));
  return () => queryClient.setQueryData(updatesQueryKey, previous);
}

/** `updates` with `images` marked acknowledged now; untouched entries keep their identity. */
export function acknowledge(updates: UpdatesByImage, images: string[]): UpdatesByImage {
  const next = { ...updates };
  const now = new Date().toISOString();
  for (const image of images) {
    const entry = next[image];
    if (entry && !entry.acknowledged) next[image] = { ...entry, acknowledged: true, acknowledged_at: now };
  }
  return next;
}
