import { changeLabel, type Change } from '@/lib/versions';

type ChangeBadgeProps = { change: Change | null; previousTag: string | null; muted: boolean };

/**
 * How big the update is: major (it stands out), minor, patch, pre-release,
 * or a new build of the same tag; what it is compared with on hover and for
 * screen readers. Nothing when the tags do not read as versions.
 */
export function ChangeBadge({ change, previousTag, muted }: ChangeBadgeProps) {
  if (!change) return null;
  const from = change !== 'digest' && previousTag ? ` from ${previousTag}` : '';
  return (
    <span
      className={`change change--${change}${muted ? ' change--muted' : ''}`}
      data-change={change}
      title={change === 'digest' ? 'The same tag, a new build' : `A ${changeLabel(change)} change${from}`}
    >
      {changeLabel(change)}
      {from && <span className="sr-only">{from}</span>}
    </span>
  );
}
