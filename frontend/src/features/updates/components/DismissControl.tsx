import type { Resolution } from '@/api/types';
import { CheckIcon, ClockIcon } from '@/components/icons';
import { RelativeTime } from '@/components/RelativeTime';
import { focusNextDismiss } from '@/lib/focus';
import { formatAbsolute, formatShort, parseTime } from '@/lib/time';
import { useCardContext } from './card-context';
import { SnoozeMenu } from './SnoozeMenu';

type DismissControlProps = {
  image: string;
  /** The host it dismisses on; null: every host. */
  host: string | null;
  /** What the button's name says after the image: " on nas", " on every host" or nothing. */
  where: string;
  acknowledged: boolean;
  acknowledgedAt: string | null;
  /** "Deployed" (with its time) instead of "Dismissed", once reported deployed. */
  resolution: Resolution;
  deployedAt: string | null;
  /** While snoozed: when it is pending again. */
  snoozedUntil: string | null;
  /** The visible text ("Dismiss", "Dismiss all"): the button's name starts with it, as axe asks. */
  label: string;
  /** The class of the "Dismissed" and "Pending" text. */
  stateClassName: string;
  /** Cards name the snooze button; rows show its icon. */
  snoozeText: boolean;
};

/**
 * A card's or a row's dismissal: its Snooze menu and Dismiss button (focus
 * then moves to the next one), "Dismissed" (or "Deployed") with its time once
 * done (or "Snoozed until …", with Dismiss to make it for good), or "Pending"
 * in the past.
 */
export function DismissControl({
  image,
  host,
  where,
  acknowledged,
  acknowledgedAt,
  resolution,
  deployedAt,
  snoozedUntil,
  label,
  stateClassName,
  snoozeText,
}: DismissControlProps) {
  const { readOnly, dismiss } = useCardContext();
  if (resolution === 'deployed') {
    return (
      <span className={stateClassName}>
        <CheckIcon />
        <RelativeTime value={deployedAt} prefix="Deployed ">
          Deployed
        </RelativeTime>
      </span>
    );
  }
  const until = parseTime(snoozedUntil);
  if (acknowledged && !until) {
    return (
      <span className={stateClassName}>
        <CheckIcon />
        <RelativeTime value={acknowledgedAt} prefix="Dismissed ">
          Dismissed
        </RelativeTime>
      </span>
    );
  }
  const snoozed = until && (
    <span className={`${stateClassName} snoozed`}>
      <ClockIcon />
      <time dateTime={snoozedUntil ?? undefined} title={`Pending again ${formatAbsolute(until)}`}>
        Snoozed until {formatShort(until)}
      </time>
    </span>
  );
  if (readOnly) return snoozed || <span className={stateClassName}>Pending</span>;
  return (
    <>
      {snoozed || (
        <SnoozeMenu image={image} where={where} withText={snoozeText} onSnooze={(time) => dismiss(image, host, time)} />
      )}
      <button
        type="button"
        className="button button--small"
        data-action="dismiss"
        aria-label={`${label} ${image}${where}`}
        onClick={(click) => {
          focusNextDismiss(click.currentTarget);
          dismiss(image, host);
        }}
      >
        {label}
      </button>
    </>
  );
}
