/** DIUN's status (`new`, `update`), muted once dismissed. */
export function StatusBadge({ status, acknowledged }: { status: string | null; acknowledged: boolean }) {
  const label = status || 'unknown';
  const tone = acknowledged ? 'muted' : label === 'new' ? 'new' : 'update';
  return <span className={`badge badge--${tone}`}>{label}</span>;
}
