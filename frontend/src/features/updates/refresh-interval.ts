import { useCallback, useState } from 'react';

/** Seconds between polls the user can pick; 0 turns auto-refresh off. */
export const REFRESH_CHOICES = [5, 15, 60, 0] as const;
export const DEFAULT_REFRESH_SECONDS = 5;
const STORAGE_KEY = 'diundash:refresh-seconds';

function storedSeconds(): number {
  try {
    const value = Number(window.localStorage.getItem(STORAGE_KEY) ?? NaN);
    return REFRESH_CHOICES.some((choice) => choice === value) ? value : DEFAULT_REFRESH_SECONDS;
  } catch {
    return DEFAULT_REFRESH_SECONDS;
  }
}

/** The polling period in seconds (0: off), remembered in localStorage. */
export function useRefreshSeconds(): [number, (seconds: number) => void] {
  const [seconds, setSeconds] = useState(storedSeconds);
  const choose = useCallback((next: number) => {
    setSeconds(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(next));
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
  }, []);
  return [seconds, choose];
}
