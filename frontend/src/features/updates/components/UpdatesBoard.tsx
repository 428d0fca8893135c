import { useCallback, useDeferredValue, useMemo } from 'react';
import type { Tag, UpdatesByImage } from '@/api/types';
import { useDismissUpdate } from '../api/dismiss-update';
import type { UpdateTarget } from '../api/request-update';
import { commonFacts, type CommonFacts } from '../common-facts';
import type { Layout } from '../layout';
import { buildSections, type Section } from '../view';
import type { ViewParams } from '../view-url';
import type { BulkDismissRequest } from './BulkDismissDialog';
import { CardContext, type CardContextValue, type ForgetRequest, type RenderTagMenu } from './card-context';
import { useForgetImage } from './ForgetDialog';
import { useUpdateImage } from './UpdateDialog';
import { SectionJumpList } from './SectionJumpList';
import { UpdateSection } from './UpdateSection';
import { useKeepFocusOnMovedImage } from './use-keep-focus-on-moved-image';

type UpdatesBoardProps = {
  updates: UpdatesByImage;
  tags: Tag[];
  view: ViewParams;
  layout: Layout;
  /** The page shows the past: no dismissing, tagging or dragging. */
  readOnly: boolean;
  /** Put an image under a tag, or none; a card dropped on a section does it too. Should be stable. */
  onSetTag: (image: string, tag: Tag | null) => void;
  /** Should be stable: every card re-renders when it changes. */
  renderTagMenu: RenderTagMenu;
  onClearFilters: () => void;
  onBulkDismiss: (request: BulkDismissRequest) => void;
  /** Draw each section's cards a screenful first, then a step after each paint (a big fleet). */
  drawInSteps: boolean;
  /** The hosts with an update hook on the server: their items offer Update. Should be stable. */
  updatableHosts: ReadonlySet<string>;
};

/** The sections of cards (or tables) for the current view. */
export function UpdatesBoard({
  updates,
  tags,
  view,
  layout,
  readOnly,
  onSetTag,
  renderTagMenu,
  onClearFilters,
  onBulkDismiss,
  drawInSteps,
  updatableHosts,
}: UpdatesBoardProps) {
  // Typing stays fluid with thousands of images: the list catches up a beat later.
  const deferredView = useDeferredValue(view);
  const sections = useMemo(() => buildSections(updates, tags, deferredView), [updates, tags, deferredView]);
  const forgetImage = useForgetImage();
  const updateImage = useUpdateImage();
  const sectionsRef = useKeepFocusOnMovedImage();
  const common = useCommonFacts(updates);
  const cardContext = useCardActions(readOnly, onSetTag, renderTagMenu, forgetImage.ask, common, {
    updatableHosts,
    requestUpdate: updateImage.ask,
  });

  const onDismissPending = useCallback(
    (section: Section, images: string[]) => {
      const scope = section.kind === 'untagged' ? 'Untagged' : `${section.kind} ${section.title}`;
      onBulkDismiss({ scope, images, host: section.host });
    },
    [onBulkDismiss],
  );

  if (sections.every((section) => section.items.length === 0) && Object.keys(updates).length > 0) {
    return (
      <div className="state state--filtered" role="status">
        <p>No images match these filters.</p>
        <button type="button" className="button" onClick={onClearFilters}>
          Clear filters
        </button>
      </div>
    );
  }

  return (
    <CardContext.Provider value={cardContext}>
      <SectionJumpList sections={sections} />
      <div className="sections" ref={sectionsRef}>
        {sections.map((section) => (
          <UpdateSection
            key={section.key}
            section={section}
            layout={layout}
            drawInSteps={drawInSteps}
            onDismissPending={onDismissPending}
          />
        ))}
      </div>
      {forgetImage.dialog}
      {updateImage.dialog}
    </CardContext.Provider>
  );
}

/** Stable card callbacks, so a poll that changes one card re-renders only that card. */
function useCardActions(
  readOnly: boolean,
  onSetTag: (image: string, tag: Tag | null) => void,
  renderTagMenu: RenderTagMenu,
  askForget: (request: ForgetRequest) => void,
  common: CommonFacts,
  { updatableHosts, requestUpdate }: Pick<CardContextValue, 'updatableHosts' | 'requestUpdate'>,
): CardContextValue {
  const { mutate: dismiss } = useDismissUpdate();
  return useMemo(
    () => ({
      readOnly,
      dismiss: (image: string, host: string | null, until?: string) => {
        if (!readOnly) dismiss({ image, host, until: until ?? null });
      },
      forget: (request: ForgetRequest) => {
        if (!readOnly) askForget(request);
      },
      setTag: (image: string, tag: Tag | null) => {
        if (!readOnly) onSetTag(image, tag);
      },
      renderTagMenu,
      common,
      updatableHosts,
      requestUpdate: (target: UpdateTarget) => {
        if (!readOnly) requestUpdate(target);
      },
    }),
    [readOnly, dismiss, onSetTag, renderTagMenu, askForget, common, updatableHosts, requestUpdate],
  );
}

/** The common registry and platform, the same object until one of them changes (every card reads it). */
function useCommonFacts(updates: UpdatesByImage): CommonFacts {
  const facts = useMemo(() => commonFacts(updates), [updates]);
  const { registry, platform } = facts;
  return useMemo(() => ({ registry, platform }), [registry, platform]);
}
