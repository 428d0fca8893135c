import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import { CheckIcon } from './icons';
import './MenuPopup.css';

/** One item of a menu: `checked` set makes it a radio item (the current choice shows a check). */
export type MenuItem = { key: string; label: ReactNode; checked?: boolean; className?: string; onChoose: () => void };

/**
 * A menu button's state: whether its popup is open (and where it is
 * rendered), opening it, and closing it with focus back on the button.
 */
export function useMenuButton() {
  // Where the open popup is rendered: null while closed.
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  // In the button's landmark (the page's main), so the popup is not outside every landmark.
  const openMenu = useCallback(
    () => setContainer(buttonRef.current?.closest<HTMLElement>('main') ?? document.body),
    [],
  );
  const close = useCallback((refocus: boolean) => {
    setContainer(null);
    if (refocus) buttonRef.current?.focus();
  }, []);
  const buttonProps = {
    ref: buttonRef,
    'aria-haspopup': 'menu' as const,
    'aria-expanded': container !== null,
    'aria-controls': container !== null ? menuId : undefined,
    onClick: () => (container !== null ? close(false) : openMenu()),
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        openMenu();
      }
    },
  };
  return { container, buttonRef, menuId, close, buttonProps };
}

type MenuPopupProps = {
  id: string;
  container: HTMLElement;
  anchorRef: RefObject<HTMLElement | null>;
  label: string;
  items: MenuItem[];
  onClose: (refocus: boolean) => void;
  children?: ReactNode;
};

/**
 * A menu button's popup: portalled (into the page's main) so a card's
 * containment cannot clip it, placed under its button (above when there is
 * no room), focus on the checked item or the first; arrows, Home and End
 * move, Escape and Tab close it back onto its button.
 */
export function MenuPopup({ id, container, anchorRef, label, items, onClose, children }: MenuPopupProps) {
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
    const menuItems = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = menuItems.indexOf(document.activeElement as HTMLElement);
    const focusAt = (index: number) => menuItems[(index + menuItems.length) % menuItems.length]?.focus();
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
        focusAt(menuItems.length - 1);
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
      {items.map((item) => (
        <button
          key={item.key}
          type="button"
          role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
          aria-checked={item.checked}
          tabIndex={-1}
          className={item.className ? `menu__item ${item.className}` : 'menu__item'}
          onClick={item.onChoose}
        >
          {item.checked !== undefined && <span className="menu__check">{item.checked && <CheckIcon />}</span>}
          {item.label}
        </button>
      ))}
      {children}
    </div>,
    container,
  );
}
