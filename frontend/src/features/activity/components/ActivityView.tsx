import { useEffect, useMemo, useRef } from 'react';
import type { LoggedEvent } from '@/api/types';
import { useTagLog } from '@/api/tag-log';
import { parseTime } from '@/lib/time';
import { plural } from '@/lib/plural';
import { useActivity } from '../api/get-activity';
import { useUrlState } from '@/lib/url-state';
import { activityUrl, isActivityFiltered, NO_ACTIVITY_FILTERS } from '../activity-url';
import { ActivityFilterBar } from './ActivityFilterBar';
import { ActivityRow, timeOf } from './ActivityRow';
import './ActivityView.css';

type ActivityViewProps = {
  /** Images to suggest in the image filter. */
  knownImages: readonly string[];
  /** When the page shows the past: the log position shown (nothing later is listed), or
   * `undefined` while that position is still being looked up. Null when live. */
  asOfPosition: number | null | undefined;
};

/** The latest events across all images, newest first, filtered, 50 at a time. */
export function ActivityView({ knownImages, asOfPosition }: ActivityViewProps) {
  const [filters, setFilters] = useUrlState(activityUrl);
  const activity = useActivity(filters, asOfPosition ?? null, asOfPosition !== undefined);
  const events = useMemo(() => activity.data?.pages.flatMap((page) => page.events) ?? [], [activity.data]);
  const tagIds = useMemo(() => tagIdsIn(events), [events]);
  const { names } = useTagLog(tagIds);
  const days = useMemo(() => byDay(events), [events]);
  const viewRef = useRef<HTMLElement>(null);
  // The first event "Load more" brought: it gets focus once shown, so focus is not
  // left on a button that disappears (or stays far above) when the last page came.
  const focusPending = useRef<number | null>(null);
  const focusLoadedRow = () => {
    if (focusPending.current === null) return;
    const row = viewRef.current?.querySelector<HTMLElement>(`[data-position="${focusPending.current}"]`);
    if (!row) return;
    focusPending.current = null;
    row.focus();
  };
  useEffect(focusLoadedRow);
  const loadMore = async () => {
    const loaded = await activity.fetchNextPage();
    focusPending.current = loaded.data?.pages.at(-1)?.events[0]?.position ?? null;
    focusLoadedRow();
  };

  let body;
  if (activity.isPending) {
    body = (
      <div className="state state--loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading activity…
      </div>
    );
  } else if (activity.isError && events.length === 0) {
    body = (
      <div className="state state--error" role="alert">
        <h2>Can’t load the activity</h2>
        <p>{activity.error.message}</p>
        <button type="button" className="button" onClick={() => void activity.refetch()}>
          Retry
        </button>
      </div>
    );
  } else if (events.length === 0) {
    body = (
      <div className="state state--filtered" role="status">
        {isActivityFiltered(filters) ? (
          <>
            <p>No events match these filters.</p>
            <button type="button" className="button" onClick={() => setFilters(NO_ACTIVITY_FILTERS)}>
              Clear filters
            </button>
          </>
        ) : (
          <p>Nothing has happened yet: the log is empty.</p>
        )}
      </div>
    );
  } else {
    body = (
      <>
        {days.map((day, index) => (
          <section key={`${index}:${day.key}`} className="activity__day" aria-label={day.label}>
            <h3 className="activity__day-title">{day.label}</h3>
            <ol className="activity__list">
              {day.events.map((event) => (
                <ActivityRow key={event.position} event={event} names={names} />
              ))}
            </ol>
          </section>
        ))}
        <div className="activity__end">
          <p role="status">
            {activity.hasNextPage
              ? `Showing the latest ${plural(events.length, 'event')}.`
              : `All ${plural(events.length, 'event')} shown: nothing older.`}
            {activity.isFetchNextPageError && ` Could not load more: ${activity.error?.message ?? ''}`}
          </p>
          {activity.hasNextPage && (
            <button
              type="button"
              className="button"
              disabled={activity.isFetchingNextPage}
              onClick={() => void loadMore()}
            >
              {activity.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      </>
    );
  }

  return (
    <section ref={viewRef} className="activity" aria-labelledby="activity-title">
      <h2 id="activity-title" className="sr-only">
        Activity
      </h2>
      <ActivityFilterBar filters={filters} onChange={setFilters} knownImages={knownImages} />
      {body}
    </section>
  );
}

function tagIdsIn(events: LoggedEvent[]): number[] {
  const ids = new Set<number>();
  for (const event of events) {
    if (event.type === 'TagAssigned') ids.add(event.data.tag_id);
    if (event.type === 'TagCreated' || event.type === 'TagDeleted') ids.add(event.data.id);
  }
  return [...ids];
}

type Day = { key: string; label: string; events: LoggedEvent[] };

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** Consecutive events grouped by local calendar day ("Today", "Yesterday", "Monday, 2 March 2026"). */
function byDay(events: LoggedEvent[]): Day[] {
  const days: Day[] = [];
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  for (const event of events) {
    const time = parseTime(timeOf(event));
    const key = time ? time.toDateString() : 'unknown';
    let day = days.at(-1);
    if (!day || day.key !== key) {
      const label = !time
        ? 'Unknown day'
        : key === today.toDateString()
          ? 'Today'
          : key === yesterday.toDateString()
            ? 'Yesterday'
            : dayFormat.format(time);
      day = { key, label, events: [] };
      days.push(day);
    }
    day.events.push(event);
  }
  return days;
}
