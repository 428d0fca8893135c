import { useCallback, useState, type ReactNode } from 'react';
import { Dialog } from '@/components/Dialog';
import { hostLabel } from '@/lib/host';
import { visibleText } from '@/lib/visible-text';
import { useRequestUpdate, type UpdateTarget } from '../api/request-update';

/** The "update now" flow: `ask` (stable) opens the confirmation, the caller renders `dialog`. */
export function useUpdateImage(): { ask: (target: UpdateTarget) => void; dialog: ReactNode } {
  const [target, setTarget] = useState<UpdateTarget | null>(null);
  const { mutate: requestUpdate } = useRequestUpdate();
  const ask = useCallback((next: UpdateTarget) => setTarget(next), []);
  const dialog = target && (
    <UpdateDialog
      target={target}
      onCancel={() => setTarget(null)}
      onConfirm={() => {
        requestUpdate(target);
        setTarget(null);
      }}
    />
  );
  return { ask, dialog };
}

type UpdateDialogProps = { target: UpdateTarget; onConfirm: () => void; onCancel: () => void };

/** Confirms asking a host's update hook to update an image, saying what happens and what does not. */
export function UpdateDialog({ target: { image, host }, onConfirm, onCancel }: UpdateDialogProps) {
  const where = hostLabel(host);
  return (
    <Dialog
      title={`Update ${visibleText(image)} on ${where}?`}
      onCancel={onCancel}
      confirm={
        <button type="button" className="button button--accent" onClick={onConfirm}>
          Update
        </button>
      }
    >
      <p>
        The diundash server asks {where}’s update hook to pull the new image and restart what runs it, now. The hook is
        set up on the server (UPDATE_HOOKS).
      </p>
      <ul className="dialog__notes">
        <li>It is asked once: if it fails, you see what it answered, and nothing is retried.</li>
        <li>
          A hook that takes the request has not deployed anything yet: the item says “update requested” until a
          deployment is reported or DIUN reports the image again.
        </li>
        <li>The request, who made it and what the hook answered go into the history.</li>
      </ul>
    </Dialog>
  );
}
