import type { UpdateEntry } from '@/api/types';
import { TagIcon } from '@/components/icons';
import { useCardContext } from './card-context';
import { visibleText } from '@/lib/visible-text';

/** A card's or a row's tag: its tag menu, or in the past (read-only) the tag's name alone. */
export function ImageTag({ image, tag }: { image: string; tag: UpdateEntry['tag'] }) {
  const { readOnly, renderTagMenu } = useCardContext();
  if (!readOnly) return renderTagMenu(image, tag);
  return (
    tag && (
      <span className="tag-button tag-button--set tag-button--static">
        <TagIcon />
        <span className="sr-only">Tag:</span> <span className="tag-button__label">{visibleText(tag.name)}</span>
      </span>
    )
  );
}
