import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { onModalKeyDown, useModalFocus } from '@/lib/focus';
import { CloseIcon } from './icons';
import './SidePanel.css';

type SidePanelProps = {
  title: ReactNode;
  /** A line under the title, the panel's accessible description. */
  subtitle?: ReactNode;
  /** Buttons or links beside the close button. */
  actions?: ReactNode;
  onClose: () => void;
  children: ReactNode;
};

/**
 * A modal panel sliding in from the right (the whole screen on a phone). Focus
 * starts on the panel itself (so its name is read first), stays inside while
 * open, Escape, Close or a click outside closes it, and focus returns where it was.
 */
export function SidePanel({ title, subtitle, actions, onClose, children }: SidePanelProps) {
  const titleId = useId();
  const subtitleId = useId();
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // The page behind does not scroll while the panel is open (given back before focus returns).
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = overflow;
    };
  }, []);
  useModalFocus(panelRef);

  const onKeyDown = (event: KeyboardEvent) => onModalKeyDown(event, panelRef.current, onClose);

  return createPortal(
    <div className="panel-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={panelRef}
        className="panel"
        role="dialog"
        aria-modal="true"
        tabIndex={-1}
        aria-labelledby={titleId}
        aria-describedby={subtitle ? subtitleId : undefined}
        onKeyDown={onKeyDown}
      >
        {/* Not a <header>: portalled to <body>, it would be a second page banner. */}
        <div className="panel__header">
          <div className="panel__heading">
            <h2 id={titleId} className="panel__title">
              {title}
            </h2>
            {subtitle && (
              <p id={subtitleId} className="panel__subtitle">
                {subtitle}
              </p>
            )}
          </div>
          {actions}
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            <CloseIcon />
          </button>
        </div>
        <div className="panel__body">{children}</div>
      </div>
    </div>,
    document.body,
  );
}
