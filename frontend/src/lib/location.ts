import { useSyncExternalStore } from 'react';

const CHANGE_EVENT = 'diundash:locationchange';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(CHANGE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(CHANGE_EVENT, listener);
  };
}

/** The current query string (`?a=1`), kept in sync with history navigation. */
export function useLocationSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/** Change the query string without reloading; `replace` avoids a history entry per keystroke. */
export function navigateToSearch(search: string, { replace = false } = {}): void {
  if (search === window.location.search) return;
  const url = `${window.location.pathname}${search}${window.location.hash}`;
  if (replace) window.history.replaceState(window.history.state, '', url);
  else window.history.pushState(window.history.state, '', url);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}
