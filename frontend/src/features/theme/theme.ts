import { useCallback, useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';

/**
 * The choice is kept in localStorage under this key and mirrored on
 * `<html data-theme>`; the inline script in index.html applies it before first
 * paint. No attribute means: follow the system.
 */
export const THEME_STORAGE_KEY = 'diundash:theme';

const root = () => document.documentElement;
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();

function asTheme(value: string | null | undefined): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

function currentTheme(): Theme {
  return asTheme(root().dataset.theme) ?? (darkQuery().matches ? 'dark' : 'light');
}

function applyTheme(theme: Theme | null): void {
  if (theme) root().dataset.theme = theme;
  else delete root().dataset.theme;
  listeners.forEach((notify) => notify());
}

function subscribe(listener: () => void): () => void {
  // Another tab changed the choice: follow it.
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY) applyTheme(asTheme(event.newValue));
  };
  const query = darkQuery();
  listeners.add(listener);
  query.addEventListener('change', listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    query.removeEventListener('change', listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The theme in effect and a setter that applies and remembers a choice. */
export function useTheme(): [Theme, (theme: Theme) => void] {
  const theme = useSyncExternalStore(subscribe, currentTheme);
  const setTheme = useCallback((next: Theme) => {
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage blocked (private mode, policy): applied for this page only.
    }
    applyTheme(next);
  }, []);
  return [theme, setTheme];
}
