import { memo, useCallback, useMemo } from 'react';
import type { Tag, UpdatesByImage } from '@/api/types';
import { useSetImageTag } from '@/features/tags/api/set-image-tag';
import { TagManager } from '@/features/tags/components/TagManager';
import { TagMenu } from '@/features/tags/components/TagMenu';
import { useBulkDismiss, type BulkDismissRequest } from '@/features/updates/components/BulkDismissDialog';
import { ConnectionTests } from '@/features/updates/components/ConnectionTests';
import { LoadingUpdates, ServerUnreachable } from '@/features/updates/components/ConnectionStates';
import { FiltersDisclosure } from '@/features/updates/components/FiltersDisclosure';
import { PendingSummary } from '@/features/updates/components/PendingSummary';
import { UpdatesBoard } from '@/features/updates/components/UpdatesBoard';
import { LayoutSwitch } from '@/features/updates/components/LayoutSwitch';
import { UpdatesToolbar } from '@/features/updates/components/UpdatesToolbar';
import { WebhookSetup } from '@/features/updates/components/WebhookSetup';
import { useLayout } from '@/features/updates/layout';
import { countByTag, hostnamesOf, pendingImages } from '@/features/updates/view';
import { activeFilterCount, NO_FILTERS, viewUrl } from '@/features/updates/view-url';
import { hostLabel } from '@/lib/host';
import { isConnectionTest } from '@/lib/image-ref';
import { useUrlState } from '@/lib/url-state';
import { isBigFleet } from './big-fleet';

type UpdatesPageProps = {
  /** Undefined until the first answer. */
  updates: UpdatesByImage | undefined;
  tags: Tag[];
  /** The page shows the past: the list can be read and filtered, not changed. */
  readOnly: boolean;
  /** Why the last load failed, if it did. */
  error: string | null;
  retrySeconds: number | null;
  onRetry: () => void;
  /** The hosts with an update hook on the server: their items offer Update. */
  updatableHosts: ReadonlySet<string>;
};

/**
 * The updates view: filters, tags and the cards, with the first-run and error
 * states. Memoized: it draws again only when the (deferred) updates or its other props change.
 */
export const UpdatesPage = memo(function UpdatesPage({
  updates,
  tags,
  readOnly,
  error,
  retrySeconds,
  onRetry,
  updatableHosts,
}: UpdatesPageProps) {
  const [view, setView] = useUrlState(viewUrl);
  const [layout, setLayout] = useLayout();
  const bulkDismiss = useBulkDismiss();
  const tagImageCounts = useMemo(() => countByTag(updates ?? {}), [updates]);
  const hostnames = useMemo(() => hostnamesOf(updates ?? {}), [updates]);
  const clearFilters = useCallback(() => setView(NO_FILTERS), [setView]);
  const { mutate: setImageTag } = useSetImageTag();
  const setTag = useCallback((image: string, tag: Tag | null) => setImageTag({ image, tag }), [setImageTag]);
  const renderTagMenu = useCallback(
    (image: string, tag: Tag | null) => <TagMenu image={image} tag={tag} tags={tags} onChange={setTag} />,
    [tags, setTag],
  );

  if (updates === undefined) {
    if (error === null) return <LoadingUpdates />;
    // A refused `as_of` is explained by the time-travel banner.
    if (readOnly) return null;
    return <ServerUnreachable message={error} retrySeconds={retrySeconds} onRetry={onRetry} />;
  }
  if (Object.keys(updates).every(isConnectionTest)) {
    return readOnly ? (
      <div className="state state--filtered" role="status">
        <p>DIUN had not reported any image yet at that moment.</p>
      </div>
    ) : (
      <>
        <ConnectionTests updates={updates} />
        <WebhookSetup />
      </>
    );
  }
  return (
    <>
      <FiltersDisclosure active={activeFilterCount(view)}>
        <PendingSummary updates={updates} view={view} onChange={setView} />
        <UpdatesToolbar
          view={view}
          tags={tags}
          hosts={hostnames}
          onChange={setView}
          layoutSwitch={<LayoutSwitch layout={layout} onChange={setLayout} />}
          actions={
            readOnly ? null : <BulkDismissButton updates={updates} host={view.host} onRequest={bulkDismiss.ask} />
          }
        />
        {!readOnly && <TagManager tags={tags} imageCounts={tagImageCounts} />}
      </FiltersDisclosure>
      <UpdatesBoard
        updates={updates}
        tags={tags}
        view={view}
        layout={layout}
        readOnly={readOnly}
        onSetTag={setTag}
        renderTagMenu={renderTagMenu}
        onClearFilters={clearFilters}
        onBulkDismiss={bulkDismiss.ask}
        drawInSteps={isBigFleet(updates)}
        updatableHosts={updatableHosts}
      />
      {/* Below the updates: a check that DIUN reaches diundash, not something to act on. */}
      <ConnectionTests updates={updates} />
      {bulkDismiss.dialog}
    </>
  );
});

type BulkDismissButtonProps = {
  updates: UpdatesByImage;
  /** The host the view is narrowed to: then only what is pending there, and only there. */
  host: string | null;
  onRequest: (request: BulkDismissRequest) => void;
};

function BulkDismissButton({ updates, host, onRequest }: BulkDismissButtonProps) {
  const pending = useMemo(
    () =>
      pendingImages(
        Object.entries(updates)
          .filter(([image]) => !isConnectionTest(image))
          .map(([image, entry]) => ({ image, entry })),
        host,
      ),
    [updates, host],
  );
  if (pending.length === 0) return null;
  const request =
    host === null ? { scope: null, images: pending } : { scope: `host ${hostLabel(host)}`, images: pending, host };
  return (
    <button type="button" className="button toolbar__bulk" onClick={() => onRequest(request)}>
      {host === null ? 'Dismiss all pending' : `Dismiss all pending on ${hostLabel(host)}`}
    </button>
  );
}
