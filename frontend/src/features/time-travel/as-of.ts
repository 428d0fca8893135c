import { parseTime } from '@/lib/time';
import { useEventAt } from './api/get-event-at';

/** Whether an `as_of` value names a log position (`12`) rather than a time. */
export function isPosition(asOf: string): boolean {
  return /^\d+$/.test(asOf);
}

/** The moment `asOf` names: the time itself, or when the event at that position was recorded. */
export function useAsOfTime(asOf: string | null, position: number | undefined): Date | null {
  const byPosition = asOf !== null && isPosition(asOf);
  const event = useEventAt(byPosition ? position : undefined).data;
  if (asOf === null) return null;
  return byPosition ? (event ? parseTime(event.recorded_at) : null) : parseTime(asOf);
}
