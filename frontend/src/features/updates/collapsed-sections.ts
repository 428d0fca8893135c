import { useCallback, useSyncExternalStore } from 'react';
import { storedText } from '@/lib/stored-text';

/**
 * The keys of the sections the user collapsed (`tag:3`, `untagged`,
 * `host:nas`), as a JSON list; for a section closed until opened (a
 * repository's line), `open:` and its key once the user opened it.
 */
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

/** What is remembered of a section: `key` collapsed, or (closed by default) `open:key` opened. */
function storedKey(key: string, closedByDefault: boolean): string {
  return closedByDefault ? `open:${key}` : key;
}

function isCollapsed(key: string, closedByDefault: boolean): boolean {
  return collapsedKeys().has(storedKey(key, closedByDefault)) !== closedByDefault;
}

/** Collapse or expand the section with `key` (one `closedByDefault` until opened), and remember it. */
export function setSectionCollapsed(key: string, collapsed: boolean, closedByDefault = false): void {
  const keys = new Set(collapsedKeys());
  const remembered = storedKey(key, closedByDefault);
  const keep = collapsed !== closedByDefault;
  if (keys.has(remembered) === keep) return;
  if (keep) keys.add(remembered);
  else keys.delete(remembered);
  stored.write(JSON.stringify([...keys]));
}

/**
 * Whether the section with `key` is collapsed (one `closedByDefault` is,
 * until opened), and a setter; only this section re-renders when it changes.
 */
export function useSectionCollapsed(key: string, closedByDefault = false): [boolean, (collapsed: boolean) => void] {
  const collapsed = useSyncExternalStore(stored.subscribe, () => isCollapsed(key, closedByDefault));
  const setCollapsed = useCallback(
    (next: boolean) => setSectionCollapsed(key, next, closedByDefault),
    [key, closedByDefault],
  );
  return [collapsed, setCollapsed];
}

/** The id of a section's heading, for links to it: the key escaped, as a host name may hold spaces. */
export function sectionElementId(key: string): string {
  return `section-${encodeURIComponent(key)}`;
}
