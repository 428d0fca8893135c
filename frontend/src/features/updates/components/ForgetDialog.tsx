import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { hostLabel } from '@/lib/host';
import { useForgetUpdate } from '../api/forget-update';
import type { ForgetRequest } from './card-context';
import { visibleText } from '@/lib/visible-text';

/** The forget flow: `ask` (stable) opens the confirmation, the caller renders `dialog`. */
export function useForgetImage(): { ask: (request: ForgetRequest) => void; dialog: ReactNode } {
  const [request, setRequest] = useState<ForgetRequest | null>(null);
  const { mutate: forget } = useForgetUpdate();
  const card = useRef<Element | null>(null);
  const [refocus, setRefocus] = useState<{ card: Element; gone: boolean } | null>(null);
  useRefocusAfterForget(refocus);

  const ask = useCallback((next: ForgetRequest) => {
    card.current = document.activeElement?.closest('[data-image]') ?? null;
    setRequest(next);
  }, []);
  const dialog = request && (
    <ForgetDialog
      request={request}
      onCancel={() => setRequest(null)}
      onConfirm={() => {
        forget({ image: request.image, host: request.host });
        setRequest(null);
        const gone = request.host === null || request.hosts.length === 1;
        if (card.current) setRefocus({ card: card.current, gone });
      }}
    />
  );
  return { ask, dialog };
}

/**
 * The button that opened the dialog goes with what was forgotten, and focus
 * would fall back to the page: move it to the card's own Forget button when
 * the card (or table row) stays, else to the History button of the one beside it. An effect,
 * so it runs after the dialog has returned focus to its opener.
 */
function useRefocusAfterForget(refocus: { card: Element; gone: boolean } | null): void {
  useEffect(() => {
    if (!refocus) return;
    const { card, gone } = refocus;
    const target = gone
      ? (card.nextElementSibling ?? card.previousElementSibling)?.querySelector<HTMLElement>('[data-action="history"]')
      : card.querySelector<HTMLElement>('[data-action="forget"]');
    target?.focus();
  }, [refocus]);
}

type ForgetDialogProps = { request: ForgetRequest; onConfirm: () => void; onCancel: () => void };

/** Confirms forgetting an image, saying what goes and what stays. */
export function ForgetDialog({ request: { image, host, hosts }, onConfirm, onCancel }: ForgetDialogProps) {
  const others = host === null ? [] : hosts.filter((other) => other !== host);
  const where = host === null ? '' : ` on ${hostLabel(host)}`;
  let what: string;
  if (host === null) {
    what =
      hosts.length > 1
        ? `It leaves the dashboard on all ${hosts.length} hosts that reported it (${hosts.map(hostLabel).join(', ')}).`
        : 'It leaves the dashboard.';
  } else {
    what =
      others.length > 0
        ? `It leaves ${hostLabel(host)}’s list; ${others.map(hostLabel).join(', ')} keep${others.length === 1 ? 's' : ''} theirs.`
        : `It leaves the dashboard: ${hostLabel(host)} is the only host that reported it.`;
  }
  return (
    <ConfirmDialog
      title={`Forget ${visibleText(image)}${where}?`}
      confirmLabel="Forget"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{what} Use it for an image that no longer runs there.</p>
      <ul className="dialog__notes">
        <li>Its history stays: every report and dismissal remains in the log.</li>
        <li>A later webhook brings it back: when DIUN reports it again{where}, it returns as pending.</li>
        <li>Its tag stays, and applies again when it comes back.</li>
      </ul>
    </ConfirmDialog>
  );
}
