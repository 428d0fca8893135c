import { useId, useState } from 'react';
import { HistoryIcon, LogoIcon, SlidersIcon } from '@/components/icons';
import { PageLink } from '@/components/PageLink';
import { RefreshStatus } from '@/features/updates/components/RefreshStatus';
import { ThemeToggle } from '@/features/theme/components/ThemeToggle';
import { SignOutButton } from '@/features/auth/components/SignOutButton';
import type { PageView } from '@/lib/page-url';
import { plural } from '@/lib/plural';
import './AppHeader.css';

const VIEWS: readonly (readonly [PageView, string])[] = [
  ['updates', 'Updates'],
  ['activity', 'Activity'],
  ['hosts', 'Hosts'],
  ['notifications', 'Notifications'],
  ['insights', 'Insights'],
];

type AppHeaderProps = {
  view: PageView;
  /** Pending updates; null until the first load. */
  pending: number | null;
  /** Hosts whose DIUN went silent; null while unknown (or in the past). */
  silentHosts: number | null;
  /** False while the page shows a past state. */
  live: boolean;
  refreshSeconds: number;
  onRefreshSecondsChange: (seconds: number) => void;
  updatedAt: number;
  failing: boolean;
  timeTravelOpen: boolean;
  onTimeTravelToggle: () => void;
};

export function AppHeader({
  view,
  pending,
  silentHosts,
  live,
  refreshSeconds,
  onRefreshSecondsChange,
  updatedAt,
  failing,
  timeTravelOpen,
  onTimeTravelToggle,
}: AppHeaderProps) {
  const settingsId = useId();
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <LogoIcon />
        <h1>diundash</h1>
        {pending !== null && (
          <span className={pending > 0 ? 'count-badge' : 'count-badge count-badge--zero'} aria-live="polite">
            {plural(pending, 'pending update')}
          </span>
        )}
        {silentHosts !== null && silentHosts > 0 && (
          <PageLink
            to={{ view: 'hosts' }}
            className="count-badge count-badge--silent"
            title="Their DIUN has not checked for longer than the server’s SILENT_AFTER: see the hosts"
          >
            {plural(silentHosts, 'silent host')}
          </PageLink>
        )}
      </div>
      <div className="app-header__views">
        <nav className="app-nav" aria-label="Views">
          {VIEWS.map(([name, label]) => (
            <PageLink
              key={name}
              to={{ view: name }}
              className="app-nav__link"
              aria-current={view === name ? 'page' : undefined}
            >
              {label}
            </PageLink>
          ))}
        </nav>
        <button
          type="button"
          className={`button button--small button--quiet${live ? '' : ' button--past'}`}
          aria-expanded={timeTravelOpen}
          // The text is hidden below 1440 px, leaving the icon: the name and the tooltip do not depend on it.
          aria-label="Time travel"
          title="Time travel: show the dashboard as it stood at a past moment"
          onClick={onTimeTravelToggle}
        >
          <HistoryIcon /> <span className="app-header__label">Time travel</span>
        </button>
      </div>
      {/* On a phone these fold behind one button, so the header stays two rows. */}
      <button
        type="button"
        className="icon-button app-header__settings"
        aria-expanded={settingsOpen}
        aria-controls={settingsId}
        aria-label="Refresh and theme"
        title="Refresh and theme"
        onClick={() => setSettingsOpen(!settingsOpen)}
      >
        <SlidersIcon />
      </button>
      <div
        id={settingsId}
        className={settingsOpen ? 'app-header__settings-panel is-open' : 'app-header__settings-panel'}
      >
        <div className="app-header__tools">
          {live ? (
            <RefreshStatus
              seconds={refreshSeconds}
              onSecondsChange={onRefreshSecondsChange}
              updatedAt={updatedAt}
              failing={failing}
            />
          ) : (
            <span className="refresh">
              <span className="refresh__dot refresh__dot--past" aria-hidden="true" />
              Not live
            </span>
          )}
        </div>
        <ThemeToggle />
        <SignOutButton />
      </div>
    </header>
  );
}
