import { useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { onModalKeyDown, useModalFocus } from '@/lib/focus';
import './Dialog.css';

type DialogProps = {
  title: string;
  children: ReactNode;
  /** What follows Cancel in the actions: the button that confirms, or a form's submit button. */
  confirm: ReactNode;
  onCancel: () => void;
  /** Where focus starts; Cancel (the safe choice) when not given. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Given, the dialog is a form: its submit button, or Enter in a field, sends it here. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** Whether the body is read as the dialog's description (a question, yes; a form, no). */
  describedByBody?: boolean;
};

/**
 * The modal shell every dialog shares: a title, a body, Cancel and the
 * confirming action. Focus moves in and stays inside while open, Escape or a
 * click outside cancels, and focus returns where it was on close.
 */
export function Dialog({
  title,
  children,
  confirm,
  onCancel,
  initialFocus,
  onSubmit,
  describedByBody = true,
}: DialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const dialogRef = useRef<HTMLElement | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useModalFocus(initialFocus ?? cancelRef);

  const shell = {
    ref: (node: HTMLElement | null) => {
      dialogRef.current = node;
    },
    className: 'dialog',
    role: 'dialog',
    'aria-modal': true,
    'aria-labelledby': titleId,
    'aria-describedby': describedByBody ? bodyId : undefined,
    onKeyDown: (event: KeyboardEvent) => onModalKeyDown(event, dialogRef.current, onCancel),
  } as const;
  const content = (
    <>
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      <div id={bodyId} className="dialog__body">
        {children}
      </div>
      <div className="dialog__actions">
        <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        {confirm}
      </div>
    </>
  );

  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      {onSubmit ? (
        <form {...shell} onSubmit={onSubmit}>
          {content}
        </form>
      ) : (
        <div {...shell}>{content}</div>
      )}
    </div>
  );
}
