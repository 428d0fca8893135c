import { useId, useState, type FormEvent } from 'react';
import { fromLocalInputValue, parseTime, toLocalInputValue } from '@/lib/time';
import {
  EVENT_KINDS,
  isActivityFiltered,
  NO_ACTIVITY_FILTERS,
  type ActivityFilters,
  type EventKind,
} from '../activity-url';

type ActivityFilterBarProps = {
  filters: ActivityFilters;
  onChange: (change: Partial<ActivityFilters>) => void;
  /** Images to suggest in the image box (the server matches the reference exactly). */
  knownImages: readonly string[];
};

/** Event kind, one image, and a time range; every control writes to the URL. */
export function ActivityFilterBar({ filters, onChange, knownImages }: ActivityFilterBarProps) {
  return (
    <div className="toolbar" role="search" aria-label="Filter activity">
      <div className="toolbar__row">
        <label className="field">
          <span className="field__label">Show</span>
          <select value={filters.kind} onChange={(event) => onChange({ kind: event.target.value as EventKind })}>
            {Object.entries(EVENT_KINDS).map(([kind, { label }]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <ImageFilter image={filters.image} knownImages={knownImages} onChange={onChange} />
      </div>
      <div className="toolbar__row">
        <TimeField label="From" value={filters.since} onChange={(since) => onChange({ since })} />
        <TimeField label="Until" value={filters.until} onChange={(until) => onChange({ until })} />
        {isActivityFiltered(filters) && (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => onChange(NO_ACTIVITY_FILTERS)}
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}

type ImageFilterProps = {
  image: string;
  knownImages: readonly string[];
  onChange: (change: Partial<ActivityFilters>) => void;
};

/** Applies a suggested image (or an empty box) at once, anything else typed on Enter. */
function ImageFilter({ image, knownImages, onChange }: ImageFilterProps) {
  const listId = useId();
  const [draft, setDraft] = useState(image);
  // Follow the URL when it changes from outside (Clear filters, history navigation).
  const [applied, setApplied] = useState(image);
  if (image !== applied) {
    setApplied(image);
    setDraft(image);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ image: draft });
  };
  return (
    <form className="activity__image" onSubmit={submit}>
      <label className="field">
        <span className="field__label">Image</span>
        <input
          type="search"
          placeholder="All images"
          title="Pick an image, or type its full reference and press Enter"
          list={listId}
          value={draft}
          onChange={(event) => {
            const value = event.target.value;
            setDraft(value);
            if (value === '' || knownImages.includes(value)) onChange({ image: value });
          }}
        />
      </label>
      <datalist id={listId}>
        {knownImages.map((known) => (
          <option key={known} value={known} />
        ))}
      </datalist>
    </form>
  );
}

type TimeFieldProps = { label: string; value: string | null; onChange: (value: string | null) => void };

/** A local date and time picker for an RFC 3339 UTC value. */
function TimeField({ label, value, onChange }: TimeFieldProps) {
  const time = parseTime(value);
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        type="datetime-local"
        step="1"
        value={time ? toLocalInputValue(time) : ''}
        onChange={(event) => {
          const next = event.target.value;
          if (next === '') onChange(null);
          else {
            const rfc3339 = fromLocalInputValue(next);
            if (rfc3339) onChange(rfc3339);
          }
        }}
      />
    </label>
  );
}
