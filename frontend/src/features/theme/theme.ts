import { useCallback, useSyncExternalStore } from 'react';

/** What the user picked: follow the system's light or dark setting, or force one. */
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/**
 * A forced theme is kept in localStorage under this key and mirrored on
 * `<html data-theme>`; the inline script in index.html applies it before first
 * paint. No key and no attribute mean: follow the system (the default).
 */
export const THEME_STORAGE_KEY = 'diundash:theme';

const root = () => document.documentElement;
const listeners = new Set<() => void>();

function asForced(value: string | null | undefined): 'light' | 'dark' | null {
  return value === 'light' || value === 'dark' ? value : null;
}

function currentChoice(): ThemeChoice {
  return asForced(root().dataset.theme) ?? 'system';
}

function applyChoice(choice: ThemeChoice): void {
  const forced = asForced(choice);
  if (forced) root().dataset.theme = forced;
  else delete root().dataset.theme;
  listeners.forEach((notify) => notify());
}

function subscribe(listener: () => void): () => void {
  // Another tab changed the choice: follow it.
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY || event.key === null) applyChoice(asForced(event.newValue) ?? 'system');
  };
  listeners.add(listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The user's theme choice and a setter that applies and remembers it. */
export function useThemeChoice(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const choice = useSyncExternalStore(subscribe, currentChoice);
  const setChoice = useCallback((next: ThemeChoice) => {
    try {
      if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage blocked (private mode, policy): applied for this page only.
    }
    applyChoice(next);
  }, []);
  return [choice, setChoice];
}
