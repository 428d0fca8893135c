import type { Resolution } from '@/api/types';
import { CheckIcon } from '@/components/icons';
import { RelativeTime } from '@/components/RelativeTime';
import { focusNextDismiss } from '@/lib/focus';
import { useCardContext } from './card-context';

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
  /** The visible text ("Dismiss", "Dismiss all"): the button's name starts with it, as axe asks. */
  label: string;
  /** The class of the "Dismissed" and "Pending" text. */
  stateClassName: string;
};

/**
 * A card's or a row's dismissal: its Dismiss button (focus then moves to the
 * next one), "Dismissed" (or "Deployed") with its time once done, or "Pending" in the past.
 */
export function DismissControl({
  image,
  host,
  where,
  acknowledged,
  acknowledgedAt,
  resolution,
  deployedAt,
  label,
  stateClassName,
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
  if (acknowledged) {
    return (
      <span className={stateClassName}>
        <CheckIcon />
        <RelativeTime value={acknowledgedAt} prefix="Dismissed ">
          Dismissed
        </RelativeTime>
      </span>
    );
  }
  if (readOnly) return <span className={stateClassName}>Pending</span>;
  return (
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
  );
}
