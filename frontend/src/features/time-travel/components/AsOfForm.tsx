import { useId, useState, type FormEvent } from 'react';
import { pageUrl } from '@/lib/page-url';
import { fromLocalInputValue } from '@/lib/time';
import './AsOfForm.css';

type AsOfFormProps = {
  /** The `datetime-local` value to start from. */
  initialValue?: string;
  submitLabel: string;
  /** Called once the page moved to the picked moment. */
  onShown?: () => void;
};

/** Pick a local date and time; submitting shows the dashboard as of then (`?as_of=<RFC 3339 UTC>`). */
export function AsOfForm({ initialValue = '', submitLabel, onShown }: AsOfFormProps) {
  const inputId = useId();
  const [value, setValue] = useState(initialValue);
  const [seen, setSeen] = useState(initialValue);
  if (initialValue !== seen) {
    setSeen(initialValue);
    setValue(initialValue);
  }
  const asOf = fromLocalInputValue(value);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!asOf) return;
    pageUrl.navigate({ asOf, image: null });
    onShown?.();
  };

  return (
    <form className="as-of-form" onSubmit={submit}>
      <label htmlFor={inputId} className="as-of-form__label">
        Show the state as of
      </label>
      <input
        id={inputId}
        type="datetime-local"
        step="1"
        required
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit" className="button button--small" disabled={!asOf}>
        {submitLabel}
      </button>
    </form>
  );
}
