import type { UpdatesByImage } from '@/api/types';
import { RelativeTime } from '@/components/RelativeTime';
import { hostLabel } from '@/lib/host';
import { isConnectionTest } from '@/lib/image-ref';
import './ConnectionTests.css';

/**
 * `diun notif test` as what it is: each host's last connection test (its
 * image is stored and listed by the API, as DiunDashboard's was, but it is
 * no update and is not shown as one).
 */
export function ConnectionTests({ updates }: { updates: UpdatesByImage }) {
  const tests = Object.entries(updates)
    .filter(([image]) => isConnectionTest(image))
    .flatMap(([, entry]) => entry.hosts);
  if (tests.length === 0) return null;
  return (
    <ul className="connection-tests" aria-label="Connection tests">
      {tests.map((host) => (
        <li key={host.hostname}>
          <span className="connection-tests__ok" aria-hidden="true">
            ✓
          </span>{' '}
          Connection test from <strong>{hostLabel(host.hostname)}</strong> received{' '}
          <RelativeTime value={host.received_at} /> <span className="connection-tests__how">(diun notif test)</span>
        </li>
      ))}
    </ul>
  );
}
