import { useEffect, type KeyboardEvent, type RefObject } from 'react';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), [tabindex="0"]';

/** On Tab, wrap focus around inside `container` (a modal's focus trap). */
export function keepFocusInside(event: KeyboardEvent, container: HTMLElement | null): void {
  const focusable = [...(container?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter(
    (element) => !element.closest('[inert]'),
  );
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const inside = container?.contains(document.activeElement) ?? false;
  if (event.shiftKey && (document.activeElement === first || !inside)) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
    event.preventDefault();
    first?.focus();
  }
}

/**
 * A modal's focus: when it opens, focus moves to `initial` (a field's text
 * selected, so typing replaces it); when it closes, focus goes back where it
 * was, if that is still on the page.
 */
export function useModalFocus(initial: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const target = initial.current;
    target?.focus();
    if (target instanceof HTMLInputElement) target.select();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [initial]);
}

/** A modal's keys: Escape closes it, Tab keeps focus inside `container`. */
export function onModalKeyDown(event: KeyboardEvent, container: HTMLElement | null, close: () => void): void {
  if (event.key === 'Escape') {
    event.stopPropagation();
    close();
  } else if (event.key === 'Tab') {
    keepFocusInside(event, container);
  }
}

/**
 * `current`, a Dismiss button (`data-action="dismiss"`), is about to go with the
 * update it dismisses: move focus to the next Dismiss on the page, else the one
 * before, else the main region, so the keyboard user is never dropped to the
 * top of the page. Called before the dismissal renders, while `current` is still there.
 */
export function focusNextDismiss(current: HTMLElement): void {
  const buttons = [...document.querySelectorAll<HTMLElement>('[data-action="dismiss"]')];
  const at = buttons.indexOf(current);
  const target = buttons[at + 1] ?? buttons[at - 1] ?? current.closest<HTMLElement>('main');
  target?.focus();
}

/**
 * After an action on `from` (a snooze) that takes it off the page, focus the
 * first Dismiss button after it (the same card's or row's), else the main region.
 */
export function focusFollowingDismiss(from: HTMLElement): void {
  const buttons = [...document.querySelectorAll<HTMLElement>('[data-action="dismiss"]')];
  const next = buttons.find((button) => from.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
  (next ?? from.closest<HTMLElement>('main'))?.focus();
}
