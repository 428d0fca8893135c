/**
 * Text kept in localStorage under one key, followed by whoever subscribes:
 * a write from this page and a write from another tab both notify. With
 * storage blocked (private mode, policy) what this page wrote is kept in
 * memory for the visit. The theme, the layout and the collapsed sections
 * are remembered this way.
 */
export type StoredText = {
  read(): string | null;
  /** Store `value`, or remove the key for null; then notify. */
  write(value: string | null): void;
  subscribe(listener: () => void): () => void;
};

export function storedText(key: string): StoredText {
  const listeners = new Set<() => void>();
  let inMemory: string | null = null;
  return {
    read() {
      try {
        return window.localStorage.getItem(key);
      } catch {
        return inMemory;
      }
    },
    write(value) {
      inMemory = value;
      try {
        if (value === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, value);
      } catch {
        // Storage blocked: remembered for this page only.
      }
      listeners.forEach((notify) => notify());
    },
    subscribe(listener) {
      // Another tab changed it (or cleared the storage): follow.
      const onStorage = (event: StorageEvent) => {
        if (event.key === key || event.key === null) listener();
      };
      listeners.add(listener);
      window.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(listener);
        window.removeEventListener('storage', onStorage);
      };
    },
  };
}
