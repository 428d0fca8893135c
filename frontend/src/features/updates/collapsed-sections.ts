import { useCallback, useSyncExternalStore } from 'react';
import { storedText } from '@/lib/stored-text';

/** The keys of the sections the user collapsed (`tag:3`, `untagged`, `host:nas`), as a JSON list. */
export const COLLAPSED_STORAGE_KEY = 'diundash:collapsed-sections';

const stored = storedText(COLLAPSED_STORAGE_KEY);
let cachedRaw: string | null = null;
let cached = new Set<string>();

/** The collapsed keys, parsed again only when the stored text changed. */
function collapsedKeys(): Set<string> {
  const raw = stored.read();
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

/** Collapse or expand the section with `key`, and remember it. */
export function setSectionCollapsed(key: string, collapsed: boolean): void {
  const keys = new Set(collapsedKeys());
  if (keys.has(key) === collapsed) return;
  if (collapsed) keys.add(key);
  else keys.delete(key);
  stored.write(JSON.stringify([...keys]));
}

/** Whether the section with `key` is collapsed, and a setter; only this section re-renders when it changes. */
export function useSectionCollapsed(key: string): [boolean, (collapsed: boolean) => void] {
  const collapsed = useSyncExternalStore(stored.subscribe, () => collapsedKeys().has(key));
  const setCollapsed = useCallback((next: boolean) => setSectionCollapsed(key, next), [key]);
  return [collapsed, setCollapsed];
}

/** The id of a section's heading, for links to it: the key escaped, as a host name may hold spaces. */
export function sectionElementId(key: string): string {
  return `section-${encodeURIComponent(key)}`;
}
