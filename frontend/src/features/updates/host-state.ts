import type { HostEntry } from '@/api/types';

/** What a host's item says of its update, in a word or two. */
export type HostState = 'pending' | 'dismissed' | 'snoozed' | 'deployed' | 'update requested' | 'update failed';

/**
 * A host's item as the page names it: deployed once reported so; "update
 * requested" while its hook took a request (until a deployment is reported or
 * DIUN reports again); else its resolution; "update failed" when the last
 * request of a pending one was refused; else pending.
 */
export function hostState(host: Pick<HostEntry, 'resolution' | 'update_request'>): HostState {
  if (host.resolution === 'deployed') return 'deployed';
  if (host.update_request?.accepted) return 'update requested';
  if (host.resolution) return host.resolution;
  if (host.update_request) return 'update failed';
  return 'pending';
}

/** The state as a class name suffix: `update-requested`. */
export function stateSlug(state: HostState): string {
  return state.replace(' ', '-');
}
