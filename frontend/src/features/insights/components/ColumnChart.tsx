import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import type { Series } from './ChartFigure';
import { AXIS_STYLE } from './axis-style';
import { useWidth } from './use-width';

type Column = { label: string; values: readonly number[] };

type ColumnChartProps = {
  series: readonly Series[];
  columns: readonly Column[];
  /** What a tick on the horizontal axis says of a column's label. */
  tickFormat?: (label: string) => string;
};

const HEIGHT = 220;
const MARGIN = { top: 10, right: 8, bottom: 28, left: 36 };

/** Columns side by side for each label (weeks, say), one per series; colours come from CSS classes. */
export function ColumnChart({ series, columns, tickFormat = (label) => label }: ColumnChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const innerWidth = Math.max(0, width - MARGIN.left - MARGIN.right);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const most = Math.max(1, ...columns.flatMap((column) => column.values));
  const outer = scaleBand({ domain: columns.map((c) => c.label), range: [0, innerWidth], padding: 0.25 });
  const inner = scaleBand({ domain: series.map((s) => s.key), range: [0, outer.bandwidth()], padding: 0.1 });
  const y = scaleLinear({ domain: [0, most], range: [innerHeight, 0], nice: true });
  // About one tick label per 70 px, so the labels never run into each other.
  const every = Math.max(1, Math.ceil(columns.length / Math.max(1, Math.floor(innerWidth / 70))));
  return (
    <div ref={ref} className="chart__canvas">
      <svg width={width} height={HEIGHT} className="chart__svg">
        <Group left={MARGIN.left} top={MARGIN.top}>
          {columns.map((column) =>
            column.values.map((value, index) => {
              const each = series[index];
              if (!each) return null;
              const top = y(value);
              return (
                <Bar
                  key={`${column.label}-${each.key}`}
                  className={`chart__bar ${each.className}`}
                  x={(outer(column.label) ?? 0) + (inner(each.key) ?? 0)}
                  y={top}
                  width={inner.bandwidth()}
                  height={Math.max(0, innerHeight - top)}
                />
              );
            }),
          )}
          <AxisLeft {...AXIS_STYLE} scale={y} numTicks={4} tickFormat={(value) => Number(value).toLocaleString('en')} />
          <AxisBottom
            {...AXIS_STYLE}
            scale={outer}
            top={innerHeight}
            tickValues={columns.filter((_, index) => index % every === 0).map((column) => column.label)}
            tickFormat={(label) => tickFormat(String(label))}
          />
        </Group>
      </svg>
    </div>
  );
}
