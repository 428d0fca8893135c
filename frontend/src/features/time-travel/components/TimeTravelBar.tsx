import { useEffect, useRef } from 'react';
import { toLocalInputValue } from '@/lib/time';
import { useAsOfTime } from '../as-of';
import { AsOfForm } from './AsOfForm';
import './TimeTravelBar.css';

type TimeTravelBarProps = {
  /** The moment shown now (null: live), to start the picker from. */
  asOf: string | null;
  position: number | undefined;
  onClose: () => void;
};

/**
 * The "as of" picker, opened from the header, with a pointer to the other ways in.
 * It opens with focus in its date field; Escape closes it, and focus goes back
 * to where it was (the header's Time travel button) unless the user moved it elsewhere.
 */
export function TimeTravelBar({ asOf, position, onClose }: TimeTravelBarProps) {
  const time = useAsOfTime(asOf, position);
  const barRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const bar = barRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    bar?.querySelector('input')?.focus();
    return () => {
      const focus = document.activeElement;
      const dropped = !focus || focus === document.body || bar?.contains(focus);
      if (dropped && opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <section
      ref={barRef}
      className="time-travel"
      aria-label="Pick a moment"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onClose();
      }}
    >
      <AsOfForm initialValue={time ? toLocalInputValue(time) : ''} submitLabel="Show" onShown={onClose} />
      <p className="time-travel__hint">
        Or pick “View as of” on any event in <strong>Activity</strong> or in an image’s <strong>History</strong>.
      </p>
    </section>
  );
}
