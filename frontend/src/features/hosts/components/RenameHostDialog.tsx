import { useId, useRef, useState, type FormEvent } from 'react';
import { Dialog } from '@/components/Dialog';
import { hostLabel } from '@/lib/host';
import { useRenameHost } from '../api/rename-host';

type RenameHostDialogProps = { hostname: string; onClose: () => void };

/**
 * Asks for a host's new name and renames it; a name another host has is
 * refused by the server and the reason shown here. Focus starts in the field.
 */
export function RenameHostDialog({ hostname, onClose }: RenameHostDialogProps) {
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(hostname);
  const rename = useRenameHost();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const newHostname = name.trim();
    if (!newHostname || newHostname === hostname) {
      onClose();
      return;
    }
    rename.mutate({ hostname, newHostname }, { onSuccess: onClose });
  };

  return (
    <Dialog
      title={`Rename host ${hostLabel(hostname)}`}
      onCancel={onClose}
      onSubmit={onSubmit}
      initialFocus={inputRef}
      describedByBody={false}
      confirm={
        <button type="submit" className="button button--accent" disabled={rename.isPending}>
          Rename
        </button>
      }
    >
      <p>Its images move under the new name. A DIUN that still reports the old name brings the old host back.</p>
      <label className="field field--stacked">
        <span className="field__label">New name</span>
        <input
          ref={inputRef}
          value={name}
          required
          maxLength={255}
          aria-invalid={rename.isError}
          aria-describedby={rename.isError ? errorId : undefined}
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      {rename.isError && (
        <p id={errorId} className="dialog__error" role="alert">
          {rename.error.message}
        </p>
      )}
    </Dialog>
  );
}
