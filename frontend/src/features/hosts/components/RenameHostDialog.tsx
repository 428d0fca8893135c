import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { onModalKeyDown } from '@/lib/focus';
import { hostLabel } from '@/lib/host';
import { useRenameHost } from '../api/rename-host';

type RenameHostDialogProps = { hostname: string; onClose: () => void };

/**
 * Asks for a host's new name and renames it; a name another host has is
 * refused by the server and the reason shown here. Focus starts in the field,
 * stays inside, Escape cancels, and focus returns where it was.
 */
export function RenameHostDialog({ hostname, onClose }: RenameHostDialogProps) {
  const titleId = useId();
  const errorId = useId();
  const dialogRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(hostname);
  const rename = useRenameHost();

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    inputRef.current?.focus();
    inputRef.current?.select();
    return () => opener?.focus();
  }, []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const newHostname = name.trim();
    if (!newHostname || newHostname === hostname) {
      onClose();
      return;
    }
    rename.mutate({ hostname, newHostname }, { onSuccess: onClose });
  };
  const onKeyDown = (event: KeyboardEvent) => onModalKeyDown(event, dialogRef.current, onClose);

  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <form
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
        onSubmit={onSubmit}
      >
        <h2 id={titleId} className="dialog__title">
          Rename host {hostLabel(hostname)}
        </h2>
        <div className="dialog__body">
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
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--accent" disabled={rename.isPending}>
            Rename
          </button>
        </div>
      </form>
    </div>
  );
}
