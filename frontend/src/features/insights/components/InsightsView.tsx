import { useId } from 'react';
import type { Insights } from '@/api/types';
import { PageLink } from '@/components/PageLink';
import { hostLabel } from '@/lib/host';
import { formatCount, plural } from '@/lib/plural';
import { useInsights } from '../api/get-insights';
import { formatDuration, waitUnit } from '../duration';
import { WINDOWS, useInsightsWindow, type InsightsWindow } from '../insights-url';
import { BarChart } from './BarChart';
import { ChartFigure, type Series } from './ChartFigure';
import { ColumnChart } from './ColumnChart';
import './InsightsView.css';

const WEEK_SERIES: readonly Series[] = [
  { key: 'received', label: 'Received', className: 'chart__bar--received' },
  { key: 'resolved', label: 'Resolved', className: 'chart__bar--resolved' },
];
const WAIT_SERIES: readonly Series[] = [
  { key: 'median', label: 'Median', className: 'chart__bar--received' },
  { key: 'p90', label: '90th percentile', className: 'chart__bar--resolved' },
];
const REPOSITORY_SERIES: readonly Series[] = [{ key: 'updates', label: 'Updates', className: 'chart__bar--received' }];

const weekFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });

type InsightsViewProps = {
  /** The past moment the page shows (a time or a log position); null: live. */
  asOf: string | null;
};

/** What the log tells: updates per week, how long they wait, what waits longest, what changes most. */
export function InsightsView({ asOf }: InsightsViewProps) {
  const [{ days }, setWindow] = useInsightsWindow();
  const insights = useInsights(Number(days), asOf);
  const selectId = useId();

  let body;
  if (insights.isPending) {
    body = (
      <div className="state state--loading" role="status">
        <span className="spinner" aria-hidden="true" /> Reading the log…
      </div>
    );
  } else if (insights.isError) {
    body = (
      <div className="state state--error" role="alert">
        <h3>Can’t load the insights</h3>
        <p>{insights.error.message}</p>
        <button type="button" className="button" onClick={() => void insights.refetch()}>
          Retry
        </button>
      </div>
    );
  } else {
    body = <InsightsBody insights={insights.data} />;
  }

  return (
    <section className="insights" aria-labelledby="insights-title">
      <div className="insights__head">
        <h2 id="insights-title" className="insights__title">
          Insights
        </h2>
        <label className="field" htmlFor={selectId}>
          <span className="field__label">Window</span>
          <select
            id={selectId}
            value={days}
            onChange={(event) => setWindow({ days: event.target.value as InsightsWindow })}
          >
            {WINDOWS.map((each) => (
              <option key={each} value={each}>
                Last {each} days
              </option>
            ))}
          </select>
        </label>
      </div>
      {body}
    </section>
  );
}

function InsightsBody({ insights }: { insights: Insights }) {
  const weeks = insights.weeks.map((week) => ({ label: week.week, values: [week.received, week.resolved] }));
  const unit = waitUnit(Math.max(0, ...insights.wait_by_host.map((host) => host.p90_seconds ?? 0)));
  const waits = insights.wait_by_host.map((host) => ({
    label: hostLabel(host.host),
    values: [(host.median_seconds ?? 0) / unit.seconds, (host.p90_seconds ?? 0) / unit.seconds],
  }));
  const repositories = insights.repositories.map((each) => ({ label: each.repository, values: [each.updates] }));
  return (
    <>
      <p className="insights__window-note">
        From {dateOf(insights.since)} to {dateOf(insights.as_of)} (log position #{insights.position}).
      </p>
      <dl className="insights__facts">
        <Fact label="Updates received" value={formatCount(insights.received)} />
        <Fact label="Resolved" value={formatCount(insights.resolved)} />
        <Fact label="Median wait" value={formatDuration(insights.wait.median_seconds)} />
        <Fact label="90th percentile" value={formatDuration(insights.wait.p90_seconds)} />
      </dl>
      <div className="insights__grid">
        <ChartFigure
          title="Updates per week"
          description="Updates received, and resolved (dismissed or deployed), in each week of the window, as a table."
          series={WEEK_SERIES}
          chart={
            <ColumnChart
              series={WEEK_SERIES}
              columns={weeks}
              tickFormat={(label) => weekFormat.format(new Date(label))}
            />
          }
          table={
            <table className="insights__table">
              <caption>Updates per week</caption>
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  <th scope="col">Received</th>
                  <th scope="col">Resolved</th>
                </tr>
              </thead>
              <tbody>
                {insights.weeks.map((week) => (
                  <tr key={week.week}>
                    <th scope="row">{week.week}</th>
                    <td>{formatCount(week.received)}</td>
                    <td>{formatCount(week.resolved)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <ChartFigure
          title="Time to resolution by host"
          description="The median and 90th percentile of the time from receipt to dismissal or deployment on each host, as a table."
          series={WAIT_SERIES}
          chart={
            waits.length > 0 ? (
              <BarChart
                series={WAIT_SERIES}
                rows={waits}
                tickFormat={(value) => `${value.toLocaleString('en')} ${unit.suffix}`}
              />
            ) : (
              <p className="insights__empty">Nothing was dismissed or deployed in this window.</p>
            )
          }
          table={
            <table className="insights__table">
              <caption>Time to resolution by host</caption>
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Resolved</th>
                  <th scope="col">Median</th>
                  <th scope="col">90th percentile</th>
                </tr>
              </thead>
              <tbody>
                {insights.wait_by_host.map((host) => (
                  <tr key={host.host}>
                    <th scope="row">{hostLabel(host.host)}</th>
                    <td>{formatCount(host.resolved)}</td>
                    <td>{formatDuration(host.median_seconds)}</td>
                    <td>{formatDuration(host.p90_seconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <section className="insights__panel" aria-labelledby="insights-lag">
          <h3 id="insights-lag" className="chart__title">
            Hosts by lag
          </h3>
          {insights.hosts.length === 0 ? (
            <p className="insights__empty">No host has an update pending or resolved in this window.</p>
          ) : (
            <table className="insights__table">
              <caption className="sr-only">Hosts, the one whose oldest pending update waited longest first</caption>
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Pending</th>
                  <th scope="col">Oldest pending for</th>
                  <th scope="col">Median wait</th>
                </tr>
              </thead>
              <tbody>
                {insights.hosts.map((host) => (
                  <tr key={host.host}>
                    <th scope="row">{hostLabel(host.host)}</th>
                    <td>{formatCount(host.pending)}</td>
                    <td>{host.oldest_pending_at ? formatDuration(host.lag_seconds) : '–'}</td>
                    <td>{formatDuration(host.median_wait_seconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="insights__panel" aria-labelledby="insights-oldest">
          <h3 id="insights-oldest" className="chart__title">
            Oldest pending
          </h3>
          {insights.oldest_pending.length === 0 ? (
            <p className="insights__empty">Nothing is pending.</p>
          ) : (
            <ol className="insights__oldest">
              {insights.oldest_pending.map((update) => (
                <li key={`${update.host}\n${update.image}`}>
                  <PageLink to={{ image: update.image }} className="insights__image">
                    {update.image}
                  </PageLink>
                  <span className="insights__meta">
                    on {hostLabel(update.host)}, waiting {formatDuration(update.age_seconds)}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <ChartFigure
          title="Repositories that change most"
          description={`The ${plural(insights.repositories.length, 'repository', 'repositories')} with the most updates in the window, as a table.`}
          series={REPOSITORY_SERIES}
          chart={
            repositories.length > 0 ? (
              <BarChart series={REPOSITORY_SERIES} rows={repositories} />
            ) : (
              <p className="insights__empty">No update was received in this window.</p>
            )
          }
          table={
            <table className="insights__table">
              <caption>Repositories that change most</caption>
              <thead>
                <tr>
                  <th scope="col">Repository</th>
                  <th scope="col">Updates</th>
                </tr>
              </thead>
              <tbody>
                {insights.repositories.map((each) => (
                  <tr key={each.repository}>
                    <th scope="row">{each.repository}</th>
                    <td>{formatCount(each.updates)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </div>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="insights__fact">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

function dateOf(time: string): string {
  return dateFormat.format(new Date(time));
}
