import type { KeyboardEvent } from 'react';

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

/** A modal's keys: Escape closes it, Tab keeps focus inside `container`. */
export function onModalKeyDown(event: KeyboardEvent, container: HTMLElement | null, close: () => void): void {
  if (event.key === 'Escape') {
    event.stopPropagation();
    close();
  } else if (event.key === 'Tab') {
    keepFocusInside(event, container);
  }
}
