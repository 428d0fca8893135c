import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { hostLabel } from '@/lib/host';
import { plural } from '@/lib/plural';
import { SNOOZE_LENGTHS, snoozeUntil, type SnoozeLength } from '@/lib/snooze';
import { useDismissUpdates } from '../api/dismiss-updates';
import { visibleText } from '@/lib/visible-text';
import './BulkDismissDialog.css';

export type BulkDismissRequest = {
  /** Where the images come from, e.g. "tag production"; null for everything pending. */
  scope: string | null;
  images: string[];
  /** Dismiss them on this host only (a host section's button); on every host when null or left out. */
  host?: string | null;
};

/** The bulk-dismiss flow: `ask` opens the confirmation, the caller renders `dialog`. */
export function useBulkDismiss(): { ask: (request: BulkDismissRequest) => void; dialog: ReactNode } {
  const [request, setRequest] = useState<BulkDismissRequest | null>(null);
  const { mutate: dismissImages } = useDismissUpdates();
  const dialog = request && (
    <BulkDismissDialog
      request={request}
      onCancel={() => setRequest(null)}
      onConfirm={(snooze) => {
        const until = snooze ? snoozeUntil(snooze) : null;
        dismissImages({ images: request.images, host: request.host ?? null, until });
        setRequest(null);
      }}
    />
  );
  return { ask: setRequest, dialog };
}

type BulkDismissDialogProps = {
  request: BulkDismissRequest;
  /** Dismiss them (`null`), or snooze them for `SnoozeLength`. */
  onConfirm: (snooze: SnoozeLength | null) => void;
  onCancel: () => void;
};

const LISTED = 8;

/** Confirms a bulk dismissal (or snooze), naming exactly the images it acts on. */
function BulkDismissDialog({ request: { images, scope, host }, onConfirm, onCancel }: BulkDismissDialogProps) {
  const [snooze, setSnooze] = useState<SnoozeLength | null>(null);
  const rest = images.length - LISTED;
  const updates = plural(images.length, 'update');
  return (
    <ConfirmDialog
      title={`Dismiss ${plural(images.length, 'pending update')}?`}
      confirmLabel={snooze ? `Snooze ${updates} for ${snooze.label}` : `Dismiss ${updates}`}
      onConfirm={() => onConfirm(snooze)}
      onCancel={onCancel}
    >
      <p>
        {scope
          ? `The pending updates in ${scope} will be marked as dismissed.`
          : 'Every pending update will be marked as dismissed.'}{' '}
        {host != null && `Only on ${hostLabel(host)}: the other hosts’ entries stay as they are. `}
        They stay listed, and come back as pending when DIUN reports a newer image; snoozed, they also come back when
        the snooze ends.
      </p>
      <fieldset className="bulk-choice">
        <legend>For how long</legend>
        {[null, ...SNOOZE_LENGTHS].map((length) => (
          <label key={length?.key ?? 'dismiss'} className="bulk-choice__option">
            <input
              type="radio"
              name="bulk-length"
              checked={snooze?.key === length?.key}
              onChange={() => setSnooze(length)}
            />
            {length ? `Snooze ${length.label}` : 'Dismiss for good'}
          </label>
        ))}
      </fieldset>
      <ul className="dialog__list">
        {images.slice(0, LISTED).map((image) => (
          <li key={image}>{visibleText(image)}</li>
        ))}
        {rest > 0 && <li className="dialog__more">and {plural(rest, 'more image')}</li>}
      </ul>
    </ConfirmDialog>
  );
}
