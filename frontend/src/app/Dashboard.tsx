import { useCallback, useEffect, useMemo } from 'react';
import type { Tag, UpdatesByImage } from '@/api/types';
import { useTags } from '@/features/tags/api/get-tags';
import { TagManager } from '@/features/tags/components/TagManager';
import { useUpdates } from '@/features/updates/api/get-updates';
import { useBulkDismiss, type BulkDismissRequest } from '@/features/updates/components/BulkDismissDialog';
import { LoadingUpdates, ServerUnreachable, StaleDataBanner } from '@/features/updates/components/ConnectionStates';
import { UpdatesBoard } from '@/features/updates/components/UpdatesBoard';
import { UpdatesToolbar } from '@/features/updates/components/UpdatesToolbar';
import { WebhookSetup } from '@/features/updates/components/WebhookSetup';
import { useRefreshSeconds } from '@/features/updates/refresh-interval';
import { useNewUpdatesToast } from '@/features/updates/use-new-updates-toast';
import { countByTag, countPending } from '@/features/updates/view';
import { NO_FILTERS, useViewParams } from '@/features/updates/view-params';
import { AppHeader } from './AppHeader';

const NO_TAGS: Tag[] = [];

/** The whole page: header, filters, tags and the list, with its loading and error states. */
export function Dashboard() {
  const [refreshSeconds, setRefreshSeconds] = useRefreshSeconds();
  const updatesQuery = useUpdates(refreshSeconds > 0 ? refreshSeconds * 1000 : false);
  const tags = useTags().data ?? NO_TAGS;
  const [view, setView] = useViewParams();
  const bulkDismiss = useBulkDismiss();

  const updates = updatesQuery.data;
  const pending = useMemo(() => (updates ? countPending(updates) : null), [updates]);
  const tagImageCounts = useMemo(() => countByTag(updates ?? {}), [updates]);
  useNewUpdatesToast(updates);
  useEffect(() => {
    document.title = pending ? `(${pending}) diundash` : 'diundash';
  }, [pending]);
  const clearFilters = useCallback(() => setView(NO_FILTERS), [setView]);
  const errorMessage = updatesQuery.error?.message ?? '';

  let content;
  if (updates === undefined) {
    content = updatesQuery.isError ? (
      <ServerUnreachable
        message={errorMessage}
        retrySeconds={refreshSeconds || null}
        onRetry={() => void updatesQuery.refetch()}
      />
    ) : (
      <LoadingUpdates />
    );
  } else if (Object.keys(updates).length === 0) {
    content = <WebhookSetup />;
  } else {
    content = (
      <>
        <UpdatesToolbar
          view={view}
          tags={tags}
          onChange={setView}
          actions={<BulkDismissButton updates={updates} onRequest={bulkDismiss.ask} />}
        />
        <TagManager tags={tags} imageCounts={tagImageCounts} />
        <UpdatesBoard
          updates={updates}
          tags={tags}
          view={view}
          onClearFilters={clearFilters}
          onBulkDismiss={bulkDismiss.ask}
        />
        {bulkDismiss.dialog}
      </>
    );
  }

  return (
    <div className="app">
      <AppHeader
        pending={pending}
        refreshSeconds={refreshSeconds}
        onRefreshSecondsChange={setRefreshSeconds}
        updatedAt={updatesQuery.dataUpdatedAt}
        failing={updatesQuery.isError}
      />
      <main className="app-main">
        {updates && updatesQuery.isError && (
          <StaleDataBanner message={errorMessage} updatedAt={updatesQuery.dataUpdatedAt} />
        )}
        {content}
      </main>
    </div>
  );
}

type BulkDismissButtonProps = {
  updates: UpdatesByImage;
  onRequest: (request: BulkDismissRequest) => void;
};

function BulkDismissButton({ updates, onRequest }: BulkDismissButtonProps) {
  const pending = Object.keys(updates).filter((image) => !updates[image]?.acknowledged);
  if (pending.length === 0) return null;
  return (
    <button type="button" className="button toolbar__bulk" onClick={() => onRequest({ scope: null, images: pending })}>
      Dismiss all pending
    </button>
  );
}
