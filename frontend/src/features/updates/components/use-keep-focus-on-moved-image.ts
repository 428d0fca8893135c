import { useCallback, type RefCallback } from 'react';

/** Which control of a card or row had focus: its `data-action`, else its tag menu button. */
function controlSelector(element: Element): string | null {
  const action = element.getAttribute('data-action');
  if (action) return `[data-action="${action}"]`;
  if (element.getAttribute('aria-haspopup') === 'menu') return '[aria-haspopup="menu"]';
  return null;
}

/**
 * A tag change moves an image's card (or row) to another section: React draws
 * it anew there and the focused control is gone, which drops focus to the top
 * of the page. The returned ref, on the element holding the sections, puts focus
 * back on the same control of the moved card or row. It acts only when focus
 * was dropped, so moves made on purpose (after a dismissal, by a dialog) are left alone.
 */
export function useKeepFocusOnMovedImage(): RefCallback<HTMLElement> {
  return useCallback((root: HTMLElement | null) => {
    if (!root) return;
    let last: { image: string; selector: string } | null = null;

    const onFocusIn = (event: FocusEvent) => {
      const target = event.target as Element;
      const image = target.closest('[data-image]')?.getAttribute('data-image');
      const selector = controlSelector(target);
      last = image && selector ? { image, selector } : null;
    };
    const observer = new MutationObserver(() => {
      const dropped = document.activeElement === null || document.activeElement === document.body;
      if (!last || !dropped) return;
      const image = last.image;
      const moved = [...root.querySelectorAll('[data-image]')].find(
        (item) => item.getAttribute('data-image') === image,
      );
      moved?.querySelector<HTMLElement>(last.selector)?.focus();
    });

    root.addEventListener('focusin', onFocusIn);
    observer.observe(root, { childList: true, subtree: true });
    return () => {
      root.removeEventListener('focusin', onFocusIn);
      observer.disconnect();
    };
  }, []);
}
