import { useId, useMemo, useState } from 'react';
import type { UpdatesByImage } from '@/api/types';
import { formatCount } from '@/lib/plural';
import { chipIsActive, chipToggle, summarizePending, type SummaryChip, type SummaryGroup } from '../pending-summary';
import { DEFAULT_VIEW, type ViewParams } from '../view-url';
import './PendingSummary.css';

/** Chips a group shows before "+N more": the largest counts. */
const CHIPS_SHOWN = 4;

type PendingSummaryProps = {
  updates: UpdatesByImage;
  view: ViewParams;
  onChange: (change: Partial<ViewParams>) => void;
};

/** What is pending, by host, registry and tag; a chip filters the list to what it counts, a second click clears it. */
export function PendingSummary({ updates, view, onChange }: PendingSummaryProps) {
  const { host, registry, tag, untagged } = view;
  // Not on every keystroke in the search box: only what the chips depend on.
  const groups = useMemo(
    () => summarizePending(updates, { ...DEFAULT_VIEW, host, registry, tag, untagged }),
    [updates, host, registry, tag, untagged],
  );
  if (groups.length === 0) return null;
  return (
    <section className="summary" aria-label="Pending summary">
      {groups.map((group) => (
        <SummaryGroupChips key={group.key} group={group} view={view} onChange={onChange} />
      ))}
    </section>
  );
}

type SummaryGroupChipsProps = { group: SummaryGroup; view: ViewParams; onChange: PendingSummaryProps['onChange'] };

function SummaryGroupChips({ group, view, onChange }: SummaryGroupChipsProps) {
  const labelId = useId();
  const [showAll, setShowAll] = useState(false);
  // A chip that is on stays in sight, however small its count.
  const shown = showAll
    ? group.chips
    : group.chips.filter((chip, index) => index < CHIPS_SHOWN || chipIsActive(chip.filter, view));
  const more = group.chips.length - shown.length;
  return (
    <div className="summary__group" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="summary__label">
        {group.label}
      </span>
      {shown.map((chip) => (
        <Chip key={chip.key} chip={chip} view={view} onChange={onChange} />
      ))}
      {more > 0 && (
        <button type="button" className="summary__more" onClick={() => setShowAll(true)}>
          +{formatCount(more)} more
        </button>
      )}
    </div>
  );
}

type ChipProps = { chip: SummaryChip; view: ViewParams; onChange: PendingSummaryProps['onChange'] };

function Chip({ chip, view, onChange }: ChipProps) {
  return (
    <button
      type="button"
      className="summary-chip"
      aria-pressed={chipIsActive(chip.filter, view)}
      onClick={() => onChange(chipToggle(chip.filter, view))}
    >
      <span className="summary-chip__label">{chip.label}</span>{' '}
      <span className="summary-chip__count">{formatCount(chip.count)}</span> <span className="sr-only">pending</span>
    </button>
  );
}
