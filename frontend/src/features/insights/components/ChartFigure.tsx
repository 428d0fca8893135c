import { useId, useState, type ReactNode } from 'react';

export type Series = { key: string; label: string; className: string };

type ChartFigureProps = {
  title: string;
  /** One sentence a screen reader hears before the table: what the chart shows. */
  description: string;
  series: readonly Series[];
  /** The chart, drawn for sighted readers (hidden from assistive technology: the table says the same). */
  chart: ReactNode;
  /** The same numbers as a table: always there for screen readers, shown on request. */
  table: ReactNode;
};

/**
 * A chart with its legend and, behind it, a table of the same numbers. The SVG is
 * hidden from screen readers, which read the table instead; "Show the numbers"
 * shows the table to everyone.
 */
export function ChartFigure({ title, description, series, chart, table }: ChartFigureProps) {
  const titleId = useId();
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <div className="chart__head">
        <h3 id={titleId} className="chart__title">
          {title}
        </h3>
        {series.length > 1 && (
          <ul className="chart__legend" aria-hidden="true">
            {series.map((each) => (
              <li key={each.key}>
                <span className={`chart__swatch ${each.className}`} />
                {each.label}
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          className="button button--small button--quiet chart__toggle"
          aria-controls={tableId}
          aria-expanded={showTable}
          // The visible words first, so speech input finds the button by what it shows.
          aria-label={`${showTable ? 'Hide' : 'Show'} the numbers of ${title.toLowerCase()}`}
          onClick={() => setShowTable(!showTable)}
        >
          {showTable ? 'Hide the numbers' : 'Show the numbers'}
        </button>
      </div>
      <p className="sr-only">{description}</p>
      <div className="chart__plot" aria-hidden="true">
        {chart}
      </div>
      <div id={tableId} className={showTable ? 'chart__table' : 'chart__table sr-only'}>
        {table}
      </div>
    </figure>
  );
}
