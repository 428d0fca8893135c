import { useId, useState, type ReactNode } from 'react';
import { ChevronIcon } from '@/components/icons';
import './FiltersDisclosure.css';

type FiltersDisclosureProps = {
  /** Filters in force, shown on the button. */
  active: number;
  children: ReactNode;
};

/**
 * The summary, filters and tags. On a wide screen they are simply shown; on a
 * phone they fold into one "Filters" button that opens them, so the first
 * cards are in sight without scrolling.
 */
export function FiltersDisclosure({ active, children }: FiltersDisclosureProps) {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  return (
    <div className={open ? 'filters filters--open' : 'filters'}>
      <button
        type="button"
        className="button filters__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        Filters and tags
        {active > 0 && (
          <span className="filters__count">
            {active} <span className="sr-only">active</span>
          </span>
        )}
        <ChevronIcon />
      </button>
      <div id={panelId} className="filters__panel">
        {children}
      </div>
    </div>
  );
}
