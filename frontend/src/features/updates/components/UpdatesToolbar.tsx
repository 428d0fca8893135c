import { useEffect, useRef, type ChangeEvent, type ReactNode } from 'react';
import type { Tag } from '@/api/types';
import { SearchIcon } from '@/components/icons';
import { hostLabel } from '@/lib/host';
import { changeLabel } from '@/lib/versions';
import {
  CHANGE_FILTERS,
  isFiltered,
  NO_FILTERS,
  type ChangeFilter,
  type GroupKey,
  type SortKey,
  type StatusFilter,
  type ViewParams,
} from '../view-url';
import { visibleText } from '@/lib/visible-text';
import './UpdatesToolbar.css';

type UpdatesToolbarProps = {
  view: ViewParams;
  tags: Tag[];
  /** Every host that reported an image, by name; the host filter shows when there are several. */
  hosts: readonly string[];
  onChange: (change: Partial<ViewParams>) => void;
  /** Cards or table, beside the sort and grouping. */
  layoutSwitch?: ReactNode;
  /** Buttons that act on the list, placed at the end of the second row. */
  actions?: ReactNode;
};

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'acknowledged', label: 'Dismissed' },
];

const UNTAGGED = '\u0000untagged';

/** Search, filters, sort and grouping. Every control writes to the URL. */
export function UpdatesToolbar({ view, tags, hosts, onChange, layoutSwitch, actions }: UpdatesToolbarProps) {
  const searchRef = useSlashToFocus();
  const tagValue = view.untagged ? UNTAGGED : (view.tag ?? '');
  const unknownTag = view.tag !== null && !tags.some((tag) => tag.name === view.tag);

  const onTagChange = (event: ChangeEvent<HTMLSelectElement>) => {
    const value = event.target.value;
    onChange(value === UNTAGGED ? { tag: null, untagged: true } : { tag: value || null, untagged: false });
  };

  return (
    <div className="toolbar" role="search" aria-label="Filter updates">
      <div className="toolbar__row">
        <div className="toolbar__search">
          <SearchIcon />
          <input
            ref={searchRef}
            type="search"
            aria-label="Search images"
            aria-keyshortcuts="/"
            placeholder="Search images…"
            value={view.q}
            onChange={(event) => onChange({ q: event.target.value })}
          />
          <kbd className="toolbar__shortcut" aria-hidden="true">
            /
          </kbd>
        </div>

        <fieldset className="segmented">
          <legend className="sr-only">Status</legend>
          {STATUS_OPTIONS.map((option) => (
            <label key={option.value} className="segmented__option">
              <input
                type="radio"
                name="status"
                value={option.value}
                checked={view.status === option.value}
                onChange={() => onChange({ status: option.value })}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </fieldset>
      </div>

      <div className="toolbar__row">
        <label className="field">
          <span className="field__label">Tag</span>
          <select value={tagValue} onChange={onTagChange}>
            <option value="">All tags</option>
            <option value={UNTAGGED}>Untagged only</option>
            {tags.map((tag) => (
              <option key={tag.id} value={tag.name}>
                {visibleText(tag.name)}
              </option>
            ))}
            {unknownTag && <option value={view.tag ?? ''}>{view.tag} (no such tag)</option>}
          </select>
        </label>

        {(hosts.length > 1 || view.host !== null) && <HostFilter host={view.host} hosts={hosts} onChange={onChange} />}

        <label className="field">
          <span className="field__label">Change</span>
          <select value={view.change} onChange={(event) => onChange({ change: event.target.value as ChangeFilter })}>
            {CHANGE_FILTERS.map((change) => (
              <option key={change} value={change}>
                {change === 'any' ? 'Any change' : capitalized(changeLabel(change))}
              </option>
            ))}
          </select>
        </label>

        <label className="field">
          <span className="field__label">Sort</span>
          <select value={view.sort} onChange={(event) => onChange({ sort: event.target.value as SortKey })}>
            <option value="received">Newest</option>
            <option value="name">Name</option>
            <option value="registry">Registry</option>
          </select>
        </label>

        <label className="field">
          <span className="field__label">Group</span>
          <select value={view.group} onChange={(event) => onChange({ group: event.target.value as GroupKey })}>
            <option value="tag">By tag</option>
            <option value="host">By host</option>
            <option value="repository">By repository</option>
          </select>
        </label>

        {layoutSwitch}

        {isFiltered(view) && (
          <button type="button" className="button button--quiet button--small" onClick={() => onChange(NO_FILTERS)}>
            Clear filters
          </button>
        )}
        {actions}
      </div>
    </div>
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

type HostFilterProps = {
  host: string | null;
  hosts: readonly string[];
  onChange: (change: Partial<ViewParams>) => void;
};

/** One host, or all. Options carry a prefix: the empty host name is a host too, not "all". */
function HostFilter({ host, hosts, onChange }: HostFilterProps) {
  const unknown = host !== null && !hosts.includes(host);
  return (
    <label className="field">
      <span className="field__label">Host</span>
      <select
        value={host === null ? '' : `=${host}`}
        onChange={(event) => onChange({ host: event.target.value ? event.target.value.slice(1) : null })}
      >
        <option value="">All hosts</option>
        {hosts.map((name) => (
          <option key={name} value={`=${name}`}>
            {hostLabel(name)}
          </option>
        ))}
        {unknown && <option value={`=${host}`}>{hostLabel(host)} (no such host)</option>}
      </select>
    </label>
  );
}

/** `/` focuses the search box, as on most sites with search, unless the user is typing elsewhere. */
function useSlashToFocus() {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable]')) return;
      event.preventDefault();
      ref.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return ref;
}
