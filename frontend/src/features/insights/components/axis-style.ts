/** How every axis of the charts looks: drawn in the text's colour, styled by InsightsView.css. */
export const AXIS_STYLE = {
  axisClassName: 'chart__axis',
  tickClassName: 'chart__tick',
  stroke: 'currentColor',
  tickStroke: 'currentColor',
  tickLabelProps: { fill: 'currentColor', className: 'chart__tick-label' },
} as const;
