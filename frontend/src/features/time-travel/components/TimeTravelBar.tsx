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

/** The "as of" picker, opened from the header, with a pointer to the other ways in. */
export function TimeTravelBar({ asOf, position, onClose }: TimeTravelBarProps) {
  const time = useAsOfTime(asOf, position);
  return (
    <section className="time-travel" aria-label="Pick a moment">
      <AsOfForm initialValue={time ? toLocalInputValue(time) : ''} submitLabel="Show" onShown={onClose} />
      <p className="time-travel__hint">
        Or pick “View as of” on any event in <strong>Activity</strong> or in an image’s <strong>History</strong>.
      </p>
    </section>
  );
}
