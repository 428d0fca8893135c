import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { useTags } from '@/api/tags';
import type { Tag, UpdatesByImage } from '@/api/types';
import { SkipLink } from '@/components/SkipLink';
import { ActivityView } from '@/features/activity/components/ActivityView';
import { useHosts } from '@/features/hosts/api/get-hosts';
import { HostsView } from '@/features/hosts/components/HostsView';
import { NotificationsView } from '@/features/notifications/components/NotificationsView';
import { ImageTimeline } from '@/features/history/components/ImageTimeline';
import { useUpdatesAsOf } from '@/features/time-travel/api/get-updates-as-of';
import { AsOfBanner } from '@/features/time-travel/components/AsOfBanner';
import { TimeTravelBar } from '@/features/time-travel/components/TimeTravelBar';
import { useUpdates } from '@/features/updates/api/get-updates';
import { StaleDataBanner } from '@/features/updates/components/ConnectionStates';
import { useRefreshSeconds } from '@/features/updates/refresh-interval';
import { useNewUpdatesToast } from '@/features/updates/use-new-updates-toast';
import { countPending } from '@/features/updates/view';
import { viewUrl } from '@/features/updates/view-url';
import { pageUrl, usePageParams } from '@/lib/page-url';
import { AppHeader } from './AppHeader';
import { useDrawnUpdates } from './big-fleet';
import { UpdatesPage } from './UpdatesPage';
import { useEventsFollowTheLog } from './use-events-follow-the-log';
import './Dashboard.css';

// Its charts are the page's biggest dependency: loaded when the view is first opened.
const InsightsView = lazy(() =>
  import('@/features/insights/components/InsightsView').then((module) => ({ default: module.InsightsView })),
);

const NO_TAGS: Tag[] = [];
const NO_IMAGES: string[] = [];

/**
 * The whole page: header, the updates or activity view, an image's history on
 * top, and, when the URL names a past moment, that moment instead of the live state.
 */
export function Dashboard() {
  const [refreshSeconds, setRefreshSeconds] = useRefreshSeconds();
  const page = usePageParams();
  const live = page.asOf === null;
  const liveQuery = useUpdates(live && refreshSeconds > 0 ? refreshSeconds * 1000 : false, live);
  const pastQuery = useUpdatesAsOf(page.asOf);
  const liveTags = useTags().data ?? NO_TAGS;
  const { updatableHosts, silentHosts } = useHostFacts(live);
  const [timeTravelOpen, setTimeTravelOpen] = useState(false);

  const liveUpdates = useDrawnUpdates(liveQuery.data);
  const pastUpdates = useDrawnUpdates(pastQuery.data?.updates);
  const updates = live ? liveUpdates : pastUpdates;
  const asOfPosition = live ? null : pastQuery.data?.position;
  const pastTags = useMemo(() => tagsIn(pastQuery.data?.updates), [pastQuery.data]);
  const pending = useMemo(() => (updates ? countPending(updates) : null), [updates]);
  useNewUpdatesToast(live ? liveUpdates : undefined);
  useEventsFollowTheLog(liveQuery.data);
  useEffect(() => {
    const count = pending ? `(${pending}) ` : '';
    document.title = live ? `${count}diundash` : `${count}diundash, as of #${asOfPosition ?? '…'}`;
  }, [pending, live, asOfPosition]);

  const liveError = liveQuery.error?.message ?? null;
  const { refetch } = liveQuery;
  const retry = useCallback(() => void refetch(), [refetch]);
  // Only the activity view suggests images; sorting thousands on every poll is wasted elsewhere.
  const knownImages = useMemo(
    () => (page.view === 'activity' ? Object.keys(updates ?? {}).sort() : NO_IMAGES),
    [page.view, updates],
  );

  return (
    <div className="app">
      <SkipLink targetId="main">Skip to {page.view}</SkipLink>
      <AppHeader
        view={page.view}
        pending={pending}
        silentHosts={live ? silentHosts : null}
        live={live}
        refreshSeconds={refreshSeconds}
        onRefreshSecondsChange={setRefreshSeconds}
        updatedAt={liveQuery.dataUpdatedAt}
        failing={liveQuery.isError}
        timeTravelOpen={timeTravelOpen}
        onTimeTravelToggle={() => setTimeTravelOpen((open) => !open)}
      />
      {page.asOf !== null && (
        <AsOfBanner asOf={page.asOf} position={pastQuery.data?.position} error={pastQuery.error?.message ?? null} />
      )}
      {timeTravelOpen && (
        <TimeTravelBar asOf={page.asOf} position={pastQuery.data?.position} onClose={() => setTimeTravelOpen(false)} />
      )}
      <main id="main" className="app-main" tabIndex={-1}>
        {live && liveQuery.data && liveQuery.isError && (
          <StaleDataBanner message={liveError ?? ''} updatedAt={liveQuery.dataUpdatedAt} />
        )}
        {page.view === 'activity' ? (
          <ActivityView knownImages={knownImages} asOfPosition={asOfPosition} />
        ) : page.view === 'hosts' ? (
          <HostsView live={live} imagesSearch={hostImagesSearch} />
        ) : page.view === 'notifications' ? (
          <NotificationsView />
        ) : page.view === 'insights' ? (
          <Suspense
            fallback={
              <div className="state state--loading" role="status">
                <span className="spinner" aria-hidden="true" /> Loading insights…
              </div>
            }
          >
            <InsightsView asOf={page.asOf} />
          </Suspense>
        ) : (
          <UpdatesPage
            updates={updates}
            tags={live ? liveTags : pastTags}
            readOnly={!live}
            error={live ? liveError : (pastQuery.error?.message ?? null)}
            retrySeconds={refreshSeconds || null}
            onRetry={retry}
            updatableHosts={updatableHosts}
          />
        )}
      </main>
      {page.image !== null && (
        <ImageTimeline
          image={page.image}
          asOfPosition={asOfPosition ?? null}
          onClose={() => pageUrl.navigate({ image: null })}
        />
      )}
    </div>
  );
}

/**
 * What the page needs to know of the hosts everywhere: those with an update hook
 * (their items offer Update; the set keeps its identity while they stay the same,
 * so the cards do not draw again) and how many went silent (the header says so).
 */
function useHostFacts(live: boolean): { updatableHosts: ReadonlySet<string>; silentHosts: number | null } {
  const hosts = useHosts(live).data;
  const hooked = hosts?.filter((host) => host.update_hook).map((host) => host.hostname) ?? [];
  const key = JSON.stringify(hooked);
  const updatableHosts = useMemo(() => new Set<string>(JSON.parse(key) as string[]), [key]);
  const silentHosts = hosts ? hosts.filter((host) => host.silent_since !== null).length : null;
  return { updatableHosts, silentHosts };
}

/** The updates view narrowed to one host: the Hosts view's "Show images". */
function hostImagesSearch(hostname: string): string {
  return viewUrl.search({ host: hostname }, pageUrl.search({ view: 'updates' }));
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The tags images had in a past state, in name order (today's list may differ). */
function tagsIn(updates: UpdatesByImage | undefined): Tag[] {
  const tags = new Map<number, Tag>();
  for (const entry of Object.values(updates ?? {})) if (entry.tag) tags.set(entry.tag.id, entry.tag);
  return [...tags.values()].sort((a, b) => collator.compare(a.name, b.name));
}
