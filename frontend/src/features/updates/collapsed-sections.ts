import { useCallback, useSyncExternalStore } from 'react';

/** The keys of the sections the user collapsed (`tag:3`, `untagged`, `host:nas`), as a JSON list. */
export const COLLAPSED_STORAGE_KEY = 'diundash:collapsed-sections';

const listeners = new Set<() => void>();
let cachedRaw: string | null = null;
let cached = new Set<string>();

function storedRaw(): string | null {
  try {
    return window.localStorage.getItem(COLLAPSED_STORAGE_KEY);
  } catch {
    return cachedRaw; // Storage blocked: what this page set is all there is.
  }
}

/** The collapsed keys, parsed again only when the stored text changed. */
function collapsedKeys(): Set<string> {
  const raw = storedRaw();
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cached = new Set(parseKeys(raw));
  }
  return cached;
}

function parseKeys(raw: string | null): string[] {
  try {
    const value: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
  } catch {
    return [];
  }
}

function subscribe(listener: () => void): () => void {
  // Another tab collapsed or expanded a section: follow it.
  const onStorage = (event: StorageEvent) => {
    if (event.key === COLLAPSED_STORAGE_KEY || event.key === null) listener();
  };
  listeners.add(listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Collapse or expand the section with `key`, and remember it. */
export function setSectionCollapsed(key: string, collapsed: boolean): void {
  const keys = new Set(collapsedKeys());
  if (keys.has(key) === collapsed) return;
  if (collapsed) keys.add(key);
  else keys.delete(key);
  const raw = JSON.stringify([...keys]);
  cachedRaw = raw;
  cached = keys;
  try {
    window.localStorage.setItem(COLLAPSED_STORAGE_KEY, raw);
  } catch {
    // Storage blocked: collapsed for this page only.
  }
  listeners.forEach((notify) => notify());
}

/** Whether the section with `key` is collapsed, and a setter; only this section re-renders when it changes. */
export function useSectionCollapsed(key: string): [boolean, (collapsed: boolean) => void] {
  const collapsed = useSyncExternalStore(subscribe, () => collapsedKeys().has(key));
  const setCollapsed = useCallback((next: boolean) => setSectionCollapsed(key, next), [key]);
  return [collapsed, setCollapsed];
}

/** The id of a section's heading, for links to it: the key escaped, as a host name may hold spaces. */
export function sectionElementId(key: string): string {
  return `section-${encodeURIComponent(key)}`;
}
