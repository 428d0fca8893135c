import { useCallback, useSyncExternalStore } from 'react';
import { storedText } from '@/lib/stored-text';

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
const stored = storedText(THEME_STORAGE_KEY);

function asForced(value: string | null | undefined): 'light' | 'dark' | null {
  return value === 'light' || value === 'dark' ? value : null;
}

function currentChoice(): ThemeChoice {
  return asForced(root().dataset.theme) ?? 'system';
}

/** Mirror the stored choice on `<html data-theme>`. */
function applyStoredChoice(): void {
  const forced = asForced(stored.read());
  if (forced) root().dataset.theme = forced;
  else delete root().dataset.theme;
}

function subscribe(listener: () => void): () => void {
  // A choice made here or in another tab: apply it, then re-render.
  return stored.subscribe(() => {
    applyStoredChoice();
    listener();
  });
}

/** The user's theme choice and a setter that applies and remembers it. */
export function useThemeChoice(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const choice = useSyncExternalStore(subscribe, currentChoice);
  const setChoice = useCallback((next: ThemeChoice) => stored.write(next === 'system' ? null : next), []);
  return [choice, setChoice];
}
