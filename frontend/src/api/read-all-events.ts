import type { ApiClient } from '@/api/client';
import type { EventQuery, LoggedEvent } from '@/api/types';

const PAGE_LIMIT = 1000;

/** Every event matching `query`, oldest first, following `next` page by page. */
export async function readAllEvents(api: ApiClient, query: EventQuery): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await api.getEvents({ ...query, order: 'asc', limit: PAGE_LIMIT, after });
    events.push(...page.events);
    if (!page.next || !('after' in page.next)) return events;
    after = page.next.after;
  }
}
