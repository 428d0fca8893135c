import { useCallback, useMemo } from 'react';
import { navigateToSearch, useLocationSearch } from './location';

/**
 * State kept in the query string, so a view can be bookmarked and shared. A
 * feature declares its parameters once with `defineUrlState`; reading,
 * writing and navigating all go through here.
 */

/** How one value is kept in one query parameter. */
export type UrlParam<T> = {
  key: string;
  /** The value for the parameter as found (null: absent). Anything unexpected reads as the default. */
  read: (raw: string | null) => T;
  /** What to put in the URL; null leaves the parameter out, which reads back as the default. */
  write: (value: T) => string | null;
};

/** The usual kinds of parameter. */
export const urlParam = {
  /** Free text: absent reads as "", blank is left out; `trim` writes it trimmed. */
  text(key: string, { trim = false } = {}): UrlParam<string> {
    return {
      key,
      read: (raw) => raw ?? '',
      write: (value) => (value.trim() === '' ? null : trim ? value.trim() : value),
    };
  },
  /** A value or nothing (null); an empty parameter reads as null. `trim` trims it when read. */
  optional(key: string, { trim = false } = {}): UrlParam<string | null> {
    return {
      key,
      read: (raw) => (trim ? raw?.trim() : raw) || null,
      write: (value) => value || null,
    };
  },
  /** A value, the empty one included (`key=` reads as ""); absent reads as null. */
  present(key: string): UrlParam<string | null> {
    return { key, read: (raw) => raw, write: (value) => value };
  },
  /** One of `allowed`; anything else reads as `fallback`, which is left out. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): UrlParam<T> {
    return {
      key,
      read: (raw) => allowed.find((option) => option === raw) ?? fallback,
      write: (value) => (value === fallback ? null : value),
    };
  },
  /** On as `key=1`, off when left out. */
  flag(key: string): UrlParam<boolean> {
    return { key, read: (raw) => raw === '1', write: (value) => (value ? '1' : null) };
  },
};

type NavigateOptions = { replace?: boolean };

export type UrlState<T> = {
  /** The state in `search` (a query string such as `?a=1`). */
  read(search: string): T;
  /**
   * The query string with `change` applied to the state in `current`, defaults
   * left out; parameters this state does not own are kept as they are.
   */
  search(change: Partial<T>, current?: string): string;
  /** Go to the URL with `change` applied, without a reload. */
  navigate(change: Partial<T>, options?: NavigateOptions): void;
};

type UrlStateOptions<T> = {
  /** Settles parameters that depend on each other once all are read. */
  normalize?: (state: T) => T;
  /** Whether a change replaces the current history entry instead of adding one (default: it adds one). */
  replace?: (change: Partial<T>) => boolean;
};

/** Declare a piece of URL state: one `UrlParam` per field of `T`, written in this order. */
export function defineUrlState<T extends object>(
  params: { [K in keyof T]: UrlParam<T[K]> },
  { normalize = (state) => state, replace = () => false }: UrlStateOptions<T> = {},
): UrlState<T> {
  const names = Object.keys(params) as (keyof T)[];

  const read = (search: string): T => {
    const query = new URLSearchParams(search);
    return normalize(
      Object.fromEntries(names.map((name) => [name, params[name].read(query.get(params[name].key))])) as T,
    );
  };

  const search = (change: Partial<T>, current = window.location.search): string => {
    const next = read(current);
    for (const name of names) {
      const value = change[name];
      if (value !== undefined) next[name] = value;
    }
    const query = new URLSearchParams(current);
    for (const name of names) {
      const { key, write } = params[name];
      const value = write(next[name]);
      if (value === null) query.delete(key);
      else query.set(key, value);
    }
    const text = query.toString();
    return text ? `?${text}` : '';
  };

  const navigate = (change: Partial<T>, options: NavigateOptions = {}): void => {
    navigateToSearch(search(change), { replace: options.replace ?? replace(change) });
  };

  return { read, search, navigate };
}

/** The state from the URL, re-read on every navigation, and a setter that writes changes back to it. */
export function useUrlState<T>(state: UrlState<T>): [T, (change: Partial<T>) => void] {
  const search = useLocationSearch();
  const value = useMemo(() => state.read(search), [state, search]);
  const update = useCallback((change: Partial<T>) => state.navigate(change), [state]);
  return [value, update];
}

/** An `href` for `search`: links work when opened in a new tab, too. */
export function hrefOf(search: string): string {
  return `${window.location.pathname}${search}`;
}
