import type { MouseEvent, ReactNode } from 'react';
import './SkipLink.css';

type SkipLinkProps = {
  /** The id of the element to move focus to (focusable: `tabIndex={-1}`). */
  targetId: string;
  children: ReactNode;
};

/**
 * The first stop of the Tab key, shown only when focused: moves focus (and the
 * view) past the header to the page's content. Focus is moved by hand so the
 * URL, which holds the view's state, gets no `#` fragment.
 */
export function SkipLink({ targetId, children }: SkipLinkProps) {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <a className="skip-link" href={`#${targetId}`} onClick={skip}>
      {children}
    </a>
  );
}
