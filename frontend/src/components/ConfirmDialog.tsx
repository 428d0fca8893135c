import type { ReactNode } from 'react';
import { Dialog } from './Dialog';

type ConfirmDialogProps = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
};

/** A modal confirmation of something that cannot be taken back: focus starts on Cancel, the safe choice. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      onCancel={onCancel}
      confirm={
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      }
    >
      {children}
    </Dialog>
  );
}
