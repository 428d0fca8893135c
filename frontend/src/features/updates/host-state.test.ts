import { describe, expect, it } from 'vitest';
import { hostEntry } from '@/testing/fake-api';
import { hostState } from './host-state';

const request = (accepted: boolean) => ({
  requested_at: '2026-03-23T10:00:00Z',
  hook_status: accepted ? 202 : 500,
  accepted,
});

describe('hostState', () => {
  it('is pending, dismissed or deployed as the server resolved it', () => {
    expect(hostState(hostEntry('nas'))).toBe('pending');
    expect(hostState(hostEntry('nas', { resolution: 'dismissed' }))).toBe('dismissed');
    expect(hostState(hostEntry('nas', { resolution: 'deployed' }))).toBe('deployed');
  });

  it('says an update was requested while the hook took it, and failed when it did not', () => {
    expect(hostState(hostEntry('nas', { update_request: request(true) }))).toBe('update requested');
    expect(hostState(hostEntry('nas', { resolution: 'dismissed', update_request: request(true) }))).toBe(
      'update requested',
    );
    expect(hostState(hostEntry('nas', { update_request: request(false) }))).toBe('update failed');
    expect(hostState(hostEntry('nas', { resolution: 'dismissed', update_request: request(false) }))).toBe('dismissed');
  });
});
