import { useMemo } from 'react';
import { navigateToSearch, useLocationSearch } from './location';

export const PAGE_VIEWS = ['updates', 'activity'] as const;
export type PageView = (typeof PAGE_VIEWS)[number];

/**
 * What the page shows, kept in the URL so it can be shared: the view
 * (`?view=activity`), the image whose history is open (`?image=<ref>`), and the
 * past moment shown instead of the live state (`?as_of=<time or position>`).
 */
export type PageParams = {
  view: PageView;
  image: string | null;
  asOf: string | null;
};

export function readPageParams(search: string): PageParams {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  return {
    view: view === 'activity' ? 'activity' : 'updates',
    image: params.get('image') || null,
    asOf: params.get('as_of')?.trim() || null,
  };
}

/** The query string with `change` applied; parameters it does not name are kept. */
export function pageSearch(change: Partial<PageParams>, current = window.location.search): string {
  const params = new URLSearchParams(current);
  const set = (key: string, value: string | null | undefined) => {
    if (value === undefined) return;
    if (value === null) params.delete(key);
    else params.set(key, value);
  };
  set('view', change.view === undefined ? undefined : change.view === 'updates' ? null : change.view);
  set('image', change.image);
  set('as_of', change.asOf);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** An `href` for `search`: links work when opened in a new tab, too. */
export function hrefOf(search: string): string {
  return `${window.location.pathname}${search}`;
}

/** The page parameters from the URL, re-read on every navigation. */
export function usePageParams(): PageParams {
  const search = useLocationSearch();
  return useMemo(() => readPageParams(search), [search]);
}

export function navigatePage(change: Partial<PageParams>, options: { replace?: boolean } = {}): void {
  navigateToSearch(pageSearch(change), options);
}
