import type { Tag } from '@/api/types';
import { ChevronIcon, TagIcon } from '@/components/icons';
import { MenuPopup, useMenuButton } from '@/components/MenuPopup';
import { visibleText } from '@/lib/visible-text';

type TagMenuProps = {
  image: string;
  tag: Tag | null;
  tags: Tag[];
  onChange: (image: string, tag: Tag | null) => void;
};

type Option = { tag: Tag | null; label: string };

/**
 * The keyboard and touch way to (re)tag an image: a menu button with one radio
 * item per tag plus "No tag". The popup is portalled (into the page's main) so card
 * containment cannot clip it.
 */
export function TagMenu({ image, tag, tags, onChange }: TagMenuProps) {
  const { container, buttonRef, menuId, close, buttonProps } = useMenuButton();

  const choose = (option: Option) => {
    close(true);
    if (option.tag?.id !== tag?.id) onChange(image, option.tag);
  };
  const options: Option[] = [{ tag: null, label: 'No tag' }, ...tags.map((t) => ({ tag: t, label: t.name }))];

  return (
    <>
      <button type="button" className={tag ? 'tag-button tag-button--set' : 'tag-button'} {...buttonProps}>
        <TagIcon />
        <span className="sr-only">Tag of {image}:</span>{' '}
        <span className="tag-button__label">{tag ? visibleText(tag.name) : 'No tag'}</span>
        <ChevronIcon />
      </button>
      {container && (
        <MenuPopup
          id={menuId}
          container={container}
          anchorRef={buttonRef}
          label={`Tag for ${image}`}
          items={options.map((option) => ({
            key: String(option.tag?.id ?? 'none'),
            label: option.label,
            checked: (option.tag?.id ?? null) === (tag?.id ?? null),
            className: option.tag ? undefined : 'menu__item--none',
            onChoose: () => choose(option),
          }))}
          onClose={close}
        >
          {options.length === 1 && <p className="menu__hint">Create a tag above to group images.</p>}
        </MenuPopup>
      )}
    </>
  );
}
