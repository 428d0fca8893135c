import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { hostLabel } from '@/lib/host';
import { useForgetUpdate } from '../api/forget-update';
import type { ForgetRequest } from './card-context';

/** The forget flow: `ask` opens the confirmation, the caller renders `dialog`. */
export function useForgetImage(): { ask: (request: ForgetRequest) => void; dialog: ReactNode } {
  const [request, setRequest] = useState<ForgetRequest | null>(null);
  const { mutate: forget } = useForgetUpdate();
  const dialog = request && (
    <ForgetDialog
      request={request}
      onCancel={() => setRequest(null)}
      onConfirm={() => {
        forget({ image: request.image, host: request.host });
        setRequest(null);
      }}
    />
  );
  return { ask: setRequest, dialog };
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
    <ConfirmDialog title={`Forget ${image}${where}?`} confirmLabel="Forget" onConfirm={onConfirm} onCancel={onCancel}>
      <p>{what} Use it for an image that no longer runs there.</p>
      <ul className="dialog__notes">
        <li>Its history stays: every report and dismissal remains in the log.</li>
        <li>A later webhook brings it back: when DIUN reports it again{where}, it returns as pending.</li>
        <li>Its tag stays, and applies again when it comes back.</li>
      </ul>
    </ConfirmDialog>
  );
}
