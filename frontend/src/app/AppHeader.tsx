import { LogoIcon } from '@/components/icons';
import { RefreshStatus } from '@/features/updates/components/RefreshStatus';
import { ThemeToggle } from '@/features/theme/components/ThemeToggle';
import { plural } from '@/lib/plural';

type AppHeaderProps = {
  /** Pending updates; null until the first load. */
  pending: number | null;
  refreshSeconds: number;
  onRefreshSecondsChange: (seconds: number) => void;
  updatedAt: number;
  failing: boolean;
};

export function AppHeader({ pending, refreshSeconds, onRefreshSecondsChange, updatedAt, failing }: AppHeaderProps) {
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
      </div>
      <div className="app-header__tools">
        <RefreshStatus
          seconds={refreshSeconds}
          onSecondsChange={onRefreshSecondsChange}
          updatedAt={updatedAt}
          failing={failing}
        />
        <ThemeToggle />
      </div>
    </header>
  );
}
