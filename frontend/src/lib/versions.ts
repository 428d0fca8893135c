/**
 * Docker tags read as versions, as the server reads them (`diundash/versions.py`):
 * `[v]NUMBERS[PRERELEASE][-FLAVOUR]`. The server decides each update's
 * `previous_tag` and `change`; the page only needs to order tags (a
 * repository's newest) and to rank changes.
 */

/** What kind of change an update is (`change` of an entry or a host's entry). */
export type Change = 'digest' | 'major' | 'minor' | 'patch' | 'prerelease';

export const CHANGES: readonly Change[] = ['major', 'minor', 'patch', 'prerelease', 'digest'];

/** How big a change is, for "the largest change": major first, a new build of the same tag last. */
export function changeRank(change: Change | null | undefined): number {
  return change ? CHANGES.length - CHANGES.indexOf(change) : 0;
}

/** The largest of `changes`, or null when none is known. */
export function largestChange(changes: Iterable<Change | null | undefined>): Change | null {
  let largest: Change | null = null;
  for (const change of changes) if (change && changeRank(change) > changeRank(largest)) largest = change;
  return largest;
}

/** How a change is said on the page. */
export function changeLabel(change: Change): string {
  return change === 'digest' ? 'new build' : change === 'prerelease' ? 'pre-release' : change;
}

type Version = { numbers: number[]; prerelease: number[] | null; flavour: string };

const RANKS: Record<string, number> = {
  dev: 0,
  snapshot: 0,
  nightly: 0,
  canary: 0,
  alpha: 1,
  a: 1,
  beta: 2,
  b: 2,
  pre: 3,
  preview: 3,
  rc: 4,
};
const TAG =
  /^[vV]?(\d+(?:\.\d+)*)(?:[-.]?(alpha|beta|rc|preview|pre|dev|snapshot|nightly|canary)((?:[-.]?\d+(?:[-.]\d+)*)?)|([ab])(\d+))?(?:-(.+))?$/i;

/** `tag` read as a version, or null when it does not read as one. */
export function parseVersion(tag: string): Version | null {
  const match = TAG.exec(tag);
  if (!match) return null;
  const [, numbers = '', label, labelNumbers = '', short, shortNumbers = '', flavour = ''] = match;
  const parts = numbersOf(numbers);
  while (parts.length > 1 && parts.at(-1) === 0) parts.pop();
  const word = label ?? short;
  const prerelease = word ? [RANKS[word.toLowerCase()] ?? 0, ...numbersOf(label ? labelNumbers : shortNumbers)] : null;
  return { numbers: parts, prerelease, flavour };
}

function numbersOf(text: string): number[] {
  return (text.match(/\d+/g) ?? []).map(Number);
}

/** Version order: the numbers, then a release after every pre-release of the same numbers. */
export function compareVersions(a: Version, b: Version): number {
  const width = Math.max(a.numbers.length, b.numbers.length);
  for (let at = 0; at < width; at++) {
    const difference = (a.numbers[at] ?? 0) - (b.numbers[at] ?? 0);
    if (difference !== 0) return difference;
  }
  if (a.prerelease === null || b.prerelease === null)
    return (a.prerelease === null ? 1 : 0) - (b.prerelease === null ? 1 : 0);
  const length = Math.max(a.prerelease.length, b.prerelease.length);
  for (let at = 0; at < length; at++) {
    const difference = (a.prerelease[at] ?? -1) - (b.prerelease[at] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The newest of `tags` in version order (those that read as versions), else null. */
export function newestTag(tags: Iterable<string>): string | null {
  let newest: { tag: string; version: Version } | null = null;
  for (const tag of tags) {
    const version = parseVersion(tag);
    if (version && (newest === null || compareVersions(version, newest.version) > 0)) newest = { tag, version };
  }
  return newest?.tag ?? null;
}
