import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useApiClient } from '@/api/context';
import { queryKeys } from '@/api/query-keys';
import type { LoggedEvent } from '@/api/types';
import { readAllEvents } from './read-all-events';
import { useTags } from './tags';

export type TagNames = ReadonlyMap<number, string>;

/** A tag as a past event names it: the name is null if the log never said it. */
export type TagRef = { id: number; name: string | null };

type TagLog = { names: Map<number, string>; deletions: LoggedEvent<'TagDeleted'>[] };

/**
 * Names for tag ids, deleted tags included (tag events carry only the id), read
 * from the log's TagCreated and TagDeleted events plus the current tag list.
 * An id not known yet (a tag created since) triggers one re-read.
 */
export function useTagLog(neededIds: readonly number[] = []): {
  names: TagNames;
  deletions: LoggedEvent<'TagDeleted'>[];
} {
  const api = useApiClient();
  const { data, refetch, isSuccess } = useQuery({
    queryKey: queryKeys.tagLog,
    queryFn: async (): Promise<TagLog> => {
      const events = await readAllEvents(api, { types: ['TagCreated', 'TagDeleted'] });
      const names = new Map<number, string>();
      const deletions: LoggedEvent<'TagDeleted'>[] = [];
      for (const event of events) {
        if (event.type !== 'TagCreated' && event.type !== 'TagDeleted') continue;
        names.set(event.data.id, event.data.name);
        if (event.type === 'TagDeleted') deletions.push(event);
      }
      return { names, deletions };
    },
  });
  const current = useTags().data;
  const names = useMemo(() => {
    const merged = new Map(data?.names);
    for (const tag of current ?? []) merged.set(tag.id, tag.name);
    return merged;
  }, [data, current]);

  const missing = neededIds.filter((id) => !names.has(id)).join(',');
  useEffect(() => {
    if (missing && isSuccess) void refetch();
  }, [missing, isSuccess, refetch]);

  return { names, deletions: data?.deletions ?? NO_DELETIONS };
}

const NO_DELETIONS: LoggedEvent<'TagDeleted'>[] = [];
