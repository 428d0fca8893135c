import { useCallback, useSyncExternalStore } from 'react';
import { storedText } from '@/lib/stored-text';
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

const stored = storedText(LAYOUT_STORAGE_KEY);
const storedLayout = () => layoutParam.read(stored.read());

/**
 * The layout to draw: the URL's when it names one, else the one last picked,
 * else cards; and a setter that remembers the choice and puts it in the URL.
 */
export function useLayout(): [Layout, (layout: Layout) => void] {
  const [{ layout: inUrl }, setUrl] = useUrlState(layoutUrl);
  const remembered = useSyncExternalStore(stored.subscribe, storedLayout);
  const choose = useCallback(
    (layout: Layout) => {
      stored.write(layout);
      setUrl({ layout });
    },
    [setUrl],
  );
  return [inUrl ?? remembered ?? DEFAULT_LAYOUT, choose];
}
