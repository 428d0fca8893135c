import { memo, startTransition, useEffect, useId, useState, useTransition, type DragEvent } from 'react';
import { ChevronIcon } from '@/components/icons';
import { formatCount, plural } from '@/lib/plural';
import { sectionElementId, useSectionCollapsed } from '../collapsed-sections';
import type { Layout } from '../layout';
import { pendingImages, type RepositorySummary, type Section } from '../view';
import { ChangeBadge } from './ChangeBadge';
import { IMAGE_DRAG_TYPE, useCardContext } from './card-context';
import { UpdateCard } from './UpdateCard';
import { UpdatesTable } from './UpdatesTable';
import './UpdateSection.css';

/** Cards (or rows) rendered at first per section: a big fleet stays quick to load, poll and filter. */
const CARDS_PER_STEP = 100;
/**
 * Of those, drawn in the first go: more than a desktop screen holds. The rest
 * follow a step at a time after each paint, so no one task lays out all of them.
 */
const FIRST_DRAWN = 24;
const DRAWN_PER_STEP = 38;

type UpdateSectionProps = {
  section: Section;
  layout: Layout;
  /** Draw the cards a screenful first, then a step after each paint. */
  drawInSteps: boolean;
  onDismissPending: (section: Section, images: string[]) => void;
};

/**
 * A group of cards (or a table) under one tag (a drop target), "Untagged"
 * (also one) or one host. Its heading is a button that collapses it,
 * remembered per section key.
 */
export const UpdateSection = memo(function UpdateSection({
  section,
  layout,
  drawInSteps,
  onDismissPending,
}: UpdateSectionProps) {
  const headingId = sectionElementId(section.key);
  const bodyId = useId();
  // A repository's line stays one line until opened: 40 tags of one repository are one line.
  const [collapsed, setCollapsed] = useSectionCollapsed(section.key, section.kind === 'repository');
  const { readOnly } = useCardContext();
  const drop = useImageDrop(section);
  const pending = pendingImages(section.items, section.host);
  const [limit, setLimit] = useState(CARDS_PER_STEP);
  const [showingMore, startShowingMore] = useTransition();
  const hidden = section.items.length - limit;
  const step = CARDS_PER_STEP * 4;
  const empty = section.items.length === 0;

  return (
    <section
      className={[
        'section',
        `section--${section.kind}`,
        empty && 'section--empty',
        collapsed && !empty && 'section--collapsed',
        drop.over && 'section--drop',
      ]
        .filter(Boolean)
        .join(' ')}
      aria-labelledby={headingId}
      {...drop.handlers}
    >
      <header className="section__header">
        <h2 id={headingId} className="section__title">
          {empty ? (
            <SectionTitle section={section} />
          ) : (
            <button
              type="button"
              className="section__toggle"
              aria-expanded={!collapsed}
              aria-controls={bodyId}
              onClick={() => setCollapsed(!collapsed)}
            >
              <ChevronIcon />
              <SectionTitle section={section} />
            </button>
          )}
        </h2>
        {section.repository ? (
          <RepositoryLine summary={section.repository} count={section.items.length} />
        ) : (
          <span className="section__count">
            {empty
              ? 'No images yet: drag a card here, or use a card’s tag menu'
              : plural(section.items.length, 'image')}
            {pending.length > 0 && <> · {formatCount(pending.length)} pending</>}
          </span>
        )}
        {pending.length > 0 && !readOnly && (
          <button
            type="button"
            className="button button--small button--quiet section__bulk"
            onClick={() => onDismissPending(section, pending)}
          >
            Dismiss pending <span className="sr-only">in {section.title}</span>
          </button>
        )}
      </header>
      {!empty && (
        // Collapsed, the cards are not rendered at all: collapsing a big section is quick, and so is every poll after.
        <div id={bodyId} className="section__body" hidden={collapsed}>
          {!collapsed && (
            <>
              <SectionItems
                section={section}
                layout={layout}
                shown={limit}
                drawInSteps={drawInSteps}
                labelledBy={headingId}
              />
              {hidden > 0 && (
                <button
                  type="button"
                  className="button section__more"
                  disabled={showingMore}
                  onClick={() => startShowingMore(() => setLimit((shown) => shown + step))}
                >
                  {hidden <= step
                    ? `Show all ${formatCount(section.items.length)} in ${section.title}`
                    : `Show ${formatCount(step)} more (${formatCount(section.items.length)} in ${section.title})`}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
});

type SectionItemsProps = { section: Section; layout: Layout; shown: number; drawInSteps: boolean; labelledBy: string };

/** The first `shown` cards or rows of an expanded section, in steps or all at once. */
function SectionItems({ section, layout, shown, drawInSteps, labelledBy }: SectionItemsProps) {
  const target = Math.min(shown, section.items.length);
  const items = section.items.slice(0, useDrawnCount(target, drawInSteps));
  return layout === 'table' ? (
    <UpdatesTable items={items} host={section.host} labelledBy={labelledBy} />
  ) : (
    <ul className="cards">
      {items.map((item) => (
        <UpdateCard key={item.image} image={item.image} entry={item.entry} />
      ))}
    </ul>
  );
}

/** Up to `target`: in steps, `FIRST_DRAWN` at first, then `DRAWN_PER_STEP` more in a background render after each paint. */
function useDrawnCount(target: number, inSteps: boolean): number {
  const [drawn, setDrawn] = useState(FIRST_DRAWN);
  useEffect(() => {
    if (!inSteps || drawn >= target) return;
    const timer = setTimeout(() => startTransition(() => setDrawn((count) => count + DRAWN_PER_STEP)));
    return () => clearTimeout(timer);
  }, [drawn, target, inSteps]);
  return inSteps ? Math.min(drawn, target) : target;
}

const KIND_LABELS = { tag: 'Tag', host: 'Host', repository: 'Repository' } as const;

function SectionTitle({ section }: { section: Section }) {
  return (
    <>
      {section.kind !== 'untagged' && (
        <>
          <span className="section__kind">{KIND_LABELS[section.kind]}</span>{' '}
        </>
      )}
      {section.title}
    </>
  );
}

/** A repository's line: its newest tag, how many new tags are pending, and the largest change among them. */
function RepositoryLine({ summary, count }: { summary: RepositorySummary; count: number }) {
  return (
    <span className="section__count section__repository">
      {summary.newestTag !== null && (
        <span>
          newest <code className="section__newest">{summary.newestTag}</code>
        </span>
      )}
      <span>
        {plural(summary.pendingNew, 'new tag')} pending
        {count !== summary.pendingNew && <> · {plural(count, 'tag')} in all</>}
      </span>
      {summary.largestChange && (
        <span>
          largest <ChangeBadge change={summary.largestChange} previousTag={null} muted={false} />
        </span>
      )}
    </span>
  );
}

/** Dropping a card on a tag section tags the image; on "Untagged" it removes the tag. */
function useImageDrop(section: Section) {
  const { setTag, readOnly } = useCardContext();
  const [over, setOver] = useState(false);
  const enabled = section.kind !== 'host' && !readOnly;
  const accepts = (event: DragEvent) => enabled && event.dataTransfer.types.includes(IMAGE_DRAG_TYPE);

  const handlers = {
    onDragOver: (event: DragEvent) => {
      if (!accepts(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (!over) setOver(true);
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
    },
    onDrop: (event: DragEvent) => {
      if (!accepts(event)) return;
      event.preventDefault();
      setOver(false);
      const image = event.dataTransfer.getData(IMAGE_DRAG_TYPE);
      const alreadyHere = section.items.some((item) => item.image === image);
      if (image && !alreadyHere) setTag(image, section.tag);
    },
  };
  return { over, handlers };
}
