import type { HostEntry } from '@/api/types';
import { RelativeTime } from '@/components/RelativeTime';
import { TrashIcon } from '@/components/icons';
import { shortDigest } from '@/lib/digest';
import { hostLabel } from '@/lib/host';
import { hostState, stateSlug } from '../host-state';
import { useCardContext } from './card-context';
import { UpdateButton } from './ImageActions';
import './CardHosts.css';

type CardHostsProps = { image: string; hosts: HostEntry[] };

/**
 * Every host that reported the image, with that host's state (pending,
 * dismissed, deployed, update requested), when it last reported, and the
 * digest when the hosts disagree; update (where it has a hook), dismiss or forget on one.
 */
export function CardHosts({ image, hosts }: CardHostsProps) {
  const { readOnly, dismiss, forget } = useCardContext();
  const digestsDiffer = new Set(hosts.map((host) => host.digest)).size > 1;
  const hostnames = hosts.map((host) => host.hostname);

  return (
    <ul className="card-hosts" aria-label={`Hosts of ${image}`}>
      {hosts.map((host) => {
        const label = hostLabel(host.hostname);
        const state = hostState(host);
        return (
          <li
            key={host.hostname}
            className={host.acknowledged ? 'card-hosts__host card-hosts__host--acknowledged' : 'card-hosts__host'}
            aria-label={`${label}: ${state}`}
          >
            <div className="card-hosts__line">
              <span className="card-hosts__name" title={label}>
                {label}
              </span>
              <span className={`card-hosts__state card-hosts__state--${stateSlug(state)}`}>{state}</span>
              {!readOnly && (
                <span className="card-hosts__actions">
                  <UpdateButton image={image} host={host.hostname} resolution={host.resolution} />
                  {!host.acknowledged && (
                    <button
                      type="button"
                      className="button button--small button--quiet"
                      aria-label={`Dismiss on ${label}`}
                      title={`Dismiss on ${label} only`}
                      onClick={() => dismiss(image, host.hostname)}
                    >
                      Dismiss
                    </button>
                  )}
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Forget on ${label}`}
                    title={`Forget this image on ${label}…`}
                    onClick={() => forget({ image, host: host.hostname, hosts: hostnames })}
                  >
                    <TrashIcon />
                  </button>
                </span>
              )}
            </div>
            <div className="card-hosts__meta">
              {digestsDiffer && (
                <code className="card-hosts__digest" title={host.digest}>
                  {host.digest ? shortDigest(host.digest) : 'no digest'}
                </code>
              )}
              <RelativeTime value={host.received_at} prefix="seen " />
              {host.deployed_at && <RelativeTime value={host.deployed_at} prefix="deployed " />}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
