import { useSyncExternalStore } from 'react';

/**
 * One shared ticking clock. Components read derived strings from it, so a tick
 * re-renders only those whose text actually changed.
 */
const TICK_MS = 15_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** A value computed from the current time, recomputed on each tick. */
export function useNow<T>(derive: (now: number) => T): T {
  return useSyncExternalStore(subscribe, () => derive(now));
}
