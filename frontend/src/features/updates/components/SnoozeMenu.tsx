import { ClockIcon, ChevronIcon } from '@/components/icons';
import { MenuPopup, useMenuButton } from '@/components/MenuPopup';
import { focusFollowingDismiss } from '@/lib/focus';
import { SNOOZE_LENGTHS, snoozeUntil } from '@/lib/snooze';

type SnoozeMenuProps = {
  image: string;
  /** What the button's name says after the image: " on nas", " on every host" or nothing. */
  where: string;
  /** Put the update off until this RFC 3339 time. */
  onSnooze: (until: string) => void;
  /** Show "Snooze" beside the icon (cards); rows show the icon alone. */
  withText: boolean;
};

/** "Snooze" beside Dismiss: a menu of 1 day, 1 week and 1 month; the update is pending again after it. */
export function SnoozeMenu({ image, where, onSnooze, withText }: SnoozeMenuProps) {
  const { container, buttonRef, menuId, close, buttonProps } = useMenuButton();
  const name = `Snooze ${image}${where}`;
  return (
    <>
      <button
        type="button"
        className="button button--small button--quiet snooze-button"
        aria-label={name}
        title="Snooze: pending again after a day, a week or a month"
        {...buttonProps}
      >
        <ClockIcon />
        {withText && <span>Snooze</span>}
        <ChevronIcon />
      </button>
      {container && (
        <MenuPopup
          id={menuId}
          container={container}
          anchorRef={buttonRef}
          label={name}
          items={SNOOZE_LENGTHS.map((length) => ({
            key: length.key,
            label: `Snooze ${length.label}`,
            onChoose: () => {
              // The button goes once the update is snoozed: focus moves on to its Dismiss.
              close(false);
              if (buttonRef.current) focusFollowingDismiss(buttonRef.current);
              onSnooze(snoozeUntil(length));
            },
          }))}
          onClose={close}
        />
      )}
    </>
  );
}
