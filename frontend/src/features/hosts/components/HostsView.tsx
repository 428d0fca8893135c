import { useEffect, useRef, useState } from 'react';
import type { Host } from '@/api/types';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { ServerIcon, TrashIcon } from '@/components/icons';
import { RelativeTime } from '@/components/RelativeTime';
import { hostLabel } from '@/lib/host';
import { navigateToSearch } from '@/lib/location';
import { plural } from '@/lib/plural';
import { hrefOf } from '@/lib/url-state';
import { useForgetHost } from '../api/forget-host';
import { useHosts } from '../api/get-hosts';
import { RenameHostDialog } from './RenameHostDialog';
import './HostsView.css';

type HostsViewProps = {
  /** False while the page shows a past moment: hosts are only known as they are now. */
  live: boolean;
  /**
   * The page's search that shows a host's images (its "Show images" link).
   * The page passes it in, so this feature does not depend on the updates feature.
   */
  imagesSearch: (hostname: string) => string;
};

/**
 * Every Docker host whose DIUN reported (or whose metrics are read): its images, what is pending,
 * when it last reported, its DIUN's last check and whether it went silent; forget or rename one.
 */
export function HostsView({ live, imagesSearch }: HostsViewProps) {
  const hosts = useHosts(live);
  const { mutate: forgetHost } = useForgetHost();
  const [forgetting, setForgetting] = useState<Host | null>(null);
  const [renaming, setRenaming] = useState<Host | null>(null);
  const [headingRef, focusHeadingSoon] = useFocusAfterForget();

  let body;
  if (!live) {
    body = (
      <div className="state state--filtered" role="status">
        <p>The hosts are shown as they are now only. Go back to live to see them.</p>
      </div>
    );
  } else if (hosts.isPending) {
    body = (
      <div className="state state--loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading hosts…
      </div>
    );
  } else if (hosts.isError) {
    body = (
      <div className="state state--error" role="alert">
        <h2>Can’t load the hosts</h2>
        <p>{hosts.error.message}</p>
        <button type="button" className="button" onClick={() => void hosts.refetch()}>
          Retry
        </button>
      </div>
    );
  } else if (hosts.data.length === 0) {
    body = (
      <div className="state state--filtered" role="status">
        <p>No host has reported yet.</p>
      </div>
    );
  } else {
    body = (
      <ul className="hosts__list">
        {hosts.data.map((host) => (
          <HostItem
            key={host.hostname}
            host={host}
            imagesSearch={imagesSearch(host.hostname)}
            onForget={setForgetting}
            onRename={setRenaming}
          />
        ))}
      </ul>
    );
  }

  return (
    <section className="hosts" aria-labelledby="hosts-title">
      <h2 id="hosts-title" className="hosts__title" ref={headingRef} tabIndex={-1}>
        Hosts
        {hosts.data && live && <span className="hosts__count">{plural(hosts.data.length, 'host')}</span>}
      </h2>
      {body}
      {forgetting && (
        <ConfirmDialog
          title={`Forget host ${hostLabel(forgetting.hostname)}?`}
          confirmLabel="Forget host"
          onCancel={() => setForgetting(null)}
          onConfirm={() => {
            forgetHost(forgetting.hostname);
            setForgetting(null);
            focusHeadingSoon();
          }}
        >
          <p>
            Its {plural(forgetting.images, 'image')} leave the dashboard on this host; other hosts keep theirs. Use it
            for a host that is gone.
          </p>
          <ul className="dialog__notes">
            <li>Its history stays: every report and dismissal remains in the log.</li>
            <li>If its DIUN reports again, the host and its images come back.</li>
            <li>Tags stay with their images.</li>
          </ul>
        </ConfirmDialog>
      )}
      {renaming && <RenameHostDialog hostname={renaming.hostname} onClose={() => setRenaming(null)} />}
    </section>
  );
}

/**
 * The forgotten host's card goes, with the button that opened the dialog: focus
 * moves to the view's heading instead of falling back to the page. An effect,
 * so it runs after the dialog has returned focus to its opener.
 */
function useFocusAfterForget() {
  const target = useRef<HTMLHeadingElement>(null);
  const [requested, setRequested] = useState(0);
  useEffect(() => {
    if (requested > 0) target.current?.focus();
  }, [requested]);
  return [target, () => setRequested((count) => count + 1)] as const;
}

type HostItemProps = {
  host: Host;
  imagesSearch: string;
  onForget: (host: Host) => void;
  onRename: (host: Host) => void;
};

function HostItem({ host, imagesSearch, onForget, onRename }: HostItemProps) {
  const label = hostLabel(host.hostname);
  // The host without a name cannot be addressed by the host paths: it is forgotten image by image.
  const addressable = host.hostname !== '';
  const silent = host.silent_since !== null;
  return (
    <li className={silent ? 'host host--silent' : host.stale ? 'host host--stale' : 'host'} aria-label={label}>
      <div className="host__head">
        <ServerIcon />
        <h3 className="host__name" title={label}>
          {label}
        </h3>
        {silent ? (
          <span className="badge badge--silent" title={host.silent_reason ?? undefined}>
            silent
          </span>
        ) : (
          host.stale && (
            <span className="badge badge--stale" title="No report for longer than the server’s STALE_AFTER">
              stale
            </span>
          )
        )}
      </div>
      {silent && (
        <p className="host__silence">
          Its DIUN is silent since <RelativeTime value={host.silent_since} />: {host.silent_reason}
        </p>
      )}
      <dl className="host__facts">
        <div className="fact">
          <dt>Images</dt>
          <dd>{host.images.toLocaleString('en')}</dd>
        </div>
        <div className="fact">
          <dt>Pending</dt>
          <dd>{host.pending.toLocaleString('en')}</dd>
        </div>
        <div className="fact">
          <dt>Last seen</dt>
          <dd>{host.last_seen ? <RelativeTime value={host.last_seen} /> : 'no webhook yet'}</dd>
        </div>
        {host.heartbeat && (
          <div className="fact">
            <dt>Last check</dt>
            <dd title="DIUN’s last watch run, from its metrics (HEARTBEAT_URLS)">
              {host.last_check_at ? <RelativeTime value={host.last_check_at} /> : 'none known yet'}
            </dd>
          </div>
        )}
        <div className="fact">
          <dt>DIUN</dt>
          <dd>{host.diun_version || 'unknown'}</dd>
        </div>
        <div className="fact">
          <dt>Last test</dt>
          <dd>
            {host.last_test_at ? (
              <RelativeTime value={host.last_test_at} />
            ) : (
              <span title="Run `diun notif test` on this host to check its connection">none</span>
            )}
          </dd>
        </div>
      </dl>
      <div className="host__actions">
        <a
          className="button button--small button--quiet"
          href={hrefOf(imagesSearch)}
          onClick={(event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            navigateToSearch(imagesSearch);
          }}
        >
          Show images <span className="sr-only">of {label}</span>
        </a>
        <span className="host__spacer" />
        {addressable ? (
          <>
            <button
              type="button"
              className="button button--small button--quiet"
              aria-label={`Rename host ${label}`}
              onClick={() => onRename(host)}
            >
              Rename
            </button>
            <button
              type="button"
              className="button button--small button--quiet"
              aria-label={`Forget host ${label}`}
              onClick={() => onForget(host)}
            >
              <TrashIcon /> Forget
            </button>
          </>
        ) : (
          <span className="host__note">Forget its images one by one from their cards.</span>
        )}
      </div>
    </li>
  );
}
