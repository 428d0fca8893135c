import { useId } from 'react';
import { RelativeTime } from '@/components/RelativeTime';
import { REFRESH_CHOICES } from '../refresh-interval';
import './RefreshStatus.css';

type RefreshStatusProps = {
  seconds: number;
  onSecondsChange: (seconds: number) => void;
  updatedAt: number;
  failing: boolean;
};

/** When the list was last refreshed, whether the server answers, and how often to poll. */
export function RefreshStatus({ seconds, onSecondsChange, updatedAt, failing }: RefreshStatusProps) {
  const selectId = useId();
  const state = failing ? 'failing' : seconds === 0 ? 'paused' : 'live';
  return (
    <div className="refresh">
      <span className={`refresh__dot refresh__dot--${state}`} aria-hidden="true" />
      <span>
        {failing ? (
          'Reconnecting…'
        ) : updatedAt > 0 ? (
          <RelativeTime value={new Date(updatedAt).toISOString()} prefix="Updated " />
        ) : (
          'Connecting…'
        )}
      </span>
      <label className="sr-only" htmlFor={selectId}>
        Auto-refresh
      </label>
      <select
        id={selectId}
        className="refresh__select"
        value={seconds}
        onChange={(event) => onSecondsChange(Number(event.target.value))}
      >
        {REFRESH_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {choice === 0 ? 'Auto-refresh off' : `Every ${choice < 60 ? `${choice} s` : `${choice / 60} min`}`}
          </option>
        ))}
      </select>
    </div>
  );
}
