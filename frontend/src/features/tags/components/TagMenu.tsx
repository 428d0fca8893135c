import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import type { Tag } from '@/api/types';
import { CheckIcon, ChevronIcon, TagIcon } from '@/components/icons';
import { visibleText } from '@/lib/visible-text';
import './TagMenu.css';

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
  // Where the open popup is rendered: null while closed.
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const open = container !== null;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  // In the button's landmark (the page's main), so the popup is not outside every landmark.
  const openMenu = () => setContainer(buttonRef.current?.closest<HTMLElement>('main') ?? document.body);
  const close = useCallback((refocus: boolean) => {
    setContainer(null);
    if (refocus) buttonRef.current?.focus();
  }, []);

  const choose = (option: Option) => {
    close(true);
    if (option.tag?.id !== tag?.id) onChange(image, option.tag);
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={tag ? 'tag-button tag-button--set' : 'tag-button'}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openMenu())}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            openMenu();
          }
        }}
      >
        <TagIcon />
        <span className="sr-only">Tag of {image}:</span>{' '}
        <span className="tag-button__label">{tag ? visibleText(tag.name) : 'No tag'}</span>
        <ChevronIcon />
      </button>
      {container && (
        <TagMenuPopup
          id={menuId}
          container={container}
          anchorRef={buttonRef}
          label={`Tag for ${image}`}
          options={[{ tag: null, label: 'No tag' }, ...tags.map((t) => ({ tag: t, label: t.name }))]}
          currentId={tag?.id ?? null}
          onChoose={choose}
          onClose={close}
        />
      )}
    </>
  );
}

type TagMenuPopupProps = {
  id: string;
  container: HTMLElement;
  anchorRef: RefObject<HTMLElement | null>;
  label: string;
  options: Option[];
  currentId: number | null;
  onChoose: (option: Option) => void;
  onClose: (refocus: boolean) => void;
};

function TagMenuPopup({ id, container, anchorRef, label, options, currentId, onChoose, onClose }: TagMenuPopupProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const menu = menuRef.current;
    const anchor = anchorRef.current;
    if (!anchor || !menu) return;
    const box = anchor.getBoundingClientRect();
    const width = menu.offsetWidth;
    const height = menu.offsetHeight;
    const below = box.bottom + 4 + height <= window.innerHeight;
    setPosition({
      top: below ? box.bottom + 4 : Math.max(8, box.top - 4 - height),
      left: Math.max(8, Math.min(box.left, window.innerWidth - width - 8)),
    });
  }, [anchorRef]);

  // Focus only once placed: a hidden element cannot take focus.
  const placed = position !== null;
  useEffect(() => {
    const menu = menuRef.current;
    if (!placed || !menu) return;
    const checked = menu.querySelector<HTMLElement>('[aria-checked="true"]');
    (checked ?? menu.querySelector<HTMLElement>('[role^="menuitem"]'))?.focus();
  }, [placed]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !anchorRef.current?.contains(target)) onClose(false);
    };
    // The popup is fixed-positioned: close rather than float away from its button.
    // A scroll event can arrive just after the menu opened, for a scroll that came
    // before it (a tap that ends a fling): only a button that moved closes it.
    const anchorAt = anchorRef.current?.getBoundingClientRect();
    const onScroll = (event: Event) => {
      if (menuRef.current?.contains(event.target as Node)) return;
      const box = anchorRef.current?.getBoundingClientRect();
      if (box?.top !== anchorAt?.top || box?.left !== anchorAt?.left) onClose(false);
    };
    const onResize = () => onClose(false);
    document.addEventListener('pointerdown', onPointerDown);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
    };
  }, [anchorRef, onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (index: number) => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusAt(at + 1);
        break;
      case 'ArrowUp':
        focusAt(at - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(items.length - 1);
        break;
      case 'Escape':
        onClose(true);
        break;
      case 'Tab':
        // Back on the button, the browser's own Tab goes on from there: to the
        // card's next control, or with Shift to the one before.
        onClose(true);
        return;
      default:
        return;
    }
    event.preventDefault();
  };

  return createPortal(
    <div
      ref={menuRef}
      id={id}
      role="menu"
      aria-label={label}
      className="menu"
      style={position ?? { visibility: 'hidden', top: 0, left: 0 }}
      onKeyDown={onKeyDown}
    >
      {options.map((option) => {
        const checked = (option.tag?.id ?? null) === currentId;
        return (
          <button
            key={option.tag?.id ?? 'none'}
            type="button"
            role="menuitemradio"
            aria-checked={checked}
            tabIndex={-1}
            className={option.tag ? 'menu__item' : 'menu__item menu__item--none'}
            onClick={() => onChoose(option)}
          >
            <span className="menu__check">{checked && <CheckIcon />}</span>
            {option.label}
          </button>
        );
      })}
      {options.length === 1 && <p className="menu__hint">Create a tag above to group images.</p>}
    </div>,
    container,
  );
}
