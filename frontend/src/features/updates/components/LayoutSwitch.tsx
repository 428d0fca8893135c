import { LAYOUTS, type Layout } from '../layout';

const LABELS: Record<Layout, string> = { cards: 'Cards', table: 'Table' };

type LayoutSwitchProps = { layout: Layout; onChange: (layout: Layout) => void };

/** Cards or the dense table: two radio buttons styled like the status filter. */
export function LayoutSwitch({ layout, onChange }: LayoutSwitchProps) {
  return (
    <fieldset className="segmented">
      <legend className="sr-only">Layout</legend>
      {LAYOUTS.map((option) => (
        <label key={option} className="segmented__option">
          <input
            type="radio"
            name="layout"
            value={option}
            checked={layout === option}
            onChange={() => onChange(option)}
          />
          <span>{LABELS[option]}</span>
        </label>
      ))}
    </fieldset>
  );
}
