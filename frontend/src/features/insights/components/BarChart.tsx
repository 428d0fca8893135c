import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import type { Series } from './ChartFigure';
import { AXIS_STYLE } from './axis-style';
import { useWidth } from './use-width';

type Row = { label: string; values: readonly number[] };

type BarChartProps = {
  series: readonly Series[];
  rows: readonly Row[];
  /** What a tick on the value axis says. */
  tickFormat?: (value: number) => string;
};

const ROW_HEIGHT = 26;
const MARGIN = { top: 4, right: 12, bottom: 26, left: 0 };
const LABEL_SHARE = 0.34;

/** Horizontal bars, one group per row (a host, a repository), one bar per series. */
export function BarChart({ series, rows, tickFormat = (value) => value.toLocaleString('en') }: BarChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const labelWidth = Math.round(width * LABEL_SHARE);
  const innerWidth = Math.max(0, width - labelWidth - MARGIN.right);
  const innerHeight = rows.length * ROW_HEIGHT;
  const most = Math.max(1e-9, ...rows.flatMap((row) => row.values));
  const outer = scaleBand({ domain: rows.map((row) => row.label), range: [0, innerHeight], padding: 0.2 });
  const inner = scaleBand({ domain: series.map((s) => s.key), range: [0, outer.bandwidth()], padding: 0.1 });
  const x = scaleLinear({ domain: [0, most], range: [0, innerWidth], nice: true });
  return (
    <div ref={ref} className="chart__canvas">
      <svg width={width} height={innerHeight + MARGIN.top + MARGIN.bottom} className="chart__svg">
        <Group top={MARGIN.top}>
          {rows.map((row) => (
            <text
              key={row.label}
              className="chart__row-label"
              x={labelWidth - 8}
              y={(outer(row.label) ?? 0) + outer.bandwidth() / 2}
              textAnchor="end"
              dominantBaseline="middle"
            >
              {shorten(row.label, Math.floor(labelWidth / 7))}
            </text>
          ))}
          <Group left={labelWidth}>
            {rows.map((row) =>
              row.values.map((value, index) => {
                const each = series[index];
                if (!each) return null;
                return (
                  <Bar
                    key={`${row.label}-${each.key}`}
                    className={`chart__bar ${each.className}`}
                    x={0}
                    y={(outer(row.label) ?? 0) + (inner(each.key) ?? 0)}
                    width={Math.max(0, x(value))}
                    height={inner.bandwidth()}
                  />
                );
              }),
            )}
            <AxisBottom
              {...AXIS_STYLE}
              scale={x}
              top={innerHeight}
              numTicks={Math.max(2, Math.floor(innerWidth / 80))}
              tickFormat={(value) => tickFormat(Number(value))}
            />
          </Group>
        </Group>
      </svg>
    </div>
  );
}

/** A label cut to `length` characters from its start (the end of a name tells most). */
function shorten(label: string, length: number): string {
  return label.length <= length ? label : `…${label.slice(label.length - length + 1)}`;
}
