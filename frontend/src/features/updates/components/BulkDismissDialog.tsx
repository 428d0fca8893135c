import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { hostLabel } from '@/lib/host';
import { plural } from '@/lib/plural';
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
      onConfirm={() => {
        dismissImages({ images: request.images, host: request.host ?? null });
        setRequest(null);
      }}
    />
  );
  return { ask: setRequest, dialog };
}

type BulkDismissDialogProps = {
  request: BulkDismissRequest;
  onConfirm: () => void;
  onCancel: () => void;
};

const LISTED = 8;

/** Confirms a bulk dismissal, naming exactly the images that will be dismissed. */
function BulkDismissDialog({ request: { images, scope, host }, onConfirm, onCancel }: BulkDismissDialogProps) {
  const rest = images.length - LISTED;
  return (
    <ConfirmDialog
      title={`Dismiss ${plural(images.length, 'pending update')}?`}
      confirmLabel={`Dismiss ${plural(images.length, 'update')}`}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        {scope
          ? `The pending updates in ${scope} will be marked as dismissed.`
          : 'Every pending update will be marked as dismissed.'}{' '}
        {host != null && `Only on ${hostLabel(host)}: the other hosts’ entries stay as they are. `}
        They stay listed, and come back as pending when DIUN reports a newer image.
      </p>
      <ul className="dialog__list">
        {images.slice(0, LISTED).map((image) => (
          <li key={image}>{visibleText(image)}</li>
        ))}
        {rest > 0 && <li className="dialog__more">and {plural(rest, 'more image')}</li>}
      </ul>
    </ConfirmDialog>
  );
}
