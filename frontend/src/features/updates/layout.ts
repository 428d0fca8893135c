import { useCallback, useSyncExternalStore } from 'react';
import { defineUrlState, useUrlState, type UrlParam } from '@/lib/url-state';

/** How the updates are drawn: a grid of cards, or a dense table with one row per image. */
export const LAYOUTS = ['cards', 'table'] as const;
export type Layout = (typeof LAYOUTS)[number];

const DEFAULT_LAYOUT: Layout = 'cards';

/** The last layout the user picked is kept in localStorage, like the theme. */
export const LAYOUT_STORAGE_KEY = 'diundash:layout';

/** `?layout=table` (or `cards`); absent reads as null: the remembered choice applies. */
const layoutParam: UrlParam<Layout | null> = {
  key: 'layout',
  read: (raw) => LAYOUTS.find((layout) => layout === raw) ?? null,
  write: (value) => (value === DEFAULT_LAYOUT ? null : value),
};

export const layoutUrl = defineUrlState<{ layout: Layout | null }>({ layout: layoutParam });

const listeners = new Set<() => void>();

function storedLayout(): Layout | null {
  try {
    return layoutParam.read(window.localStorage.getItem(LAYOUT_STORAGE_KEY));
  } catch {
    return null; // Storage blocked (private mode, policy).
  }
}

function subscribe(listener: () => void): () => void {
  // Another tab picked a layout: follow it (the URL still wins where it names one).
  const onStorage = (event: StorageEvent) => {
    if (event.key === LAYOUT_STORAGE_KEY || event.key === null) listener();
  };
  listeners.add(listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/**
 * The layout to draw: the URL's when it names one, else the one last picked,
 * else cards; and a setter that remembers the choice and puts it in the URL.
 */
export function useLayout(): [Layout, (layout: Layout) => void] {
  const [{ layout: inUrl }, setUrl] = useUrlState(layoutUrl);
  const stored = useSyncExternalStore(subscribe, storedLayout);
  const choose = useCallback(
    (layout: Layout) => {
      try {
        window.localStorage.setItem(LAYOUT_STORAGE_KEY, layout);
      } catch {
        // Storage blocked: the URL still carries it for this visit.
      }
      listeners.forEach((notify) => notify());
      setUrl({ layout });
    },
    [setUrl],
  );
  return [inUrl ?? stored ?? DEFAULT_LAYOUT, choose];
}
