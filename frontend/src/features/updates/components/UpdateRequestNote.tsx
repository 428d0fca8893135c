import type { HostEntry } from '@/api/types';
import { RelativeTime } from '@/components/RelativeTime';
import { hostState } from '../host-state';

/**
 * "update requested" (the host's hook took it) or "update failed" (it did not)
 * beside an item that stands for one host; nothing otherwise.
 */
export function UpdateRequestNote({ host }: { host: HostEntry | undefined }) {
  if (!host?.update_request) return null;
  const state = hostState(host);
  if (state !== 'update requested' && state !== 'update failed') return null;
  const status = host.update_request.hook_status;
  const answer = status === null ? 'it gave no answer' : `it answered HTTP ${status}`;
  // The leading space keeps it apart from the status badge it follows, and only when it shows.
  return (
    <>
      {' '}
      <span
        className={state === 'update failed' ? 'badge badge--failed' : 'badge badge--requested'}
        title={`Asked of the host’s update hook; ${answer}`}
      >
        {state} <RelativeTime value={host.update_request.requested_at} />
      </span>
    </>
  );
}
