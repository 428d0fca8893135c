import type { ReactNode } from 'react';
import { useNow } from '@/lib/clock';
import { formatAbsolute, formatRelative, parseTime } from '@/lib/time';

type RelativeTimeProps = {
  value: string | null | undefined;
  prefix?: string;
  /** Shown instead of the relative time, which then moves into the tooltip. */
  children?: ReactNode;
};

/** "5 minutes ago", with the exact local time on hover; re-renders only when the text changes. */
export function RelativeTime({ value, prefix = '', children }: RelativeTimeProps) {
  const time = parseTime(value);
  const relative = useNow((now) => (time ? formatRelative(time, now) : 'at an unknown time'));
  if (!time || !value) return <span>{children ?? `${prefix}${relative}`}</span>;
  const absolute = formatAbsolute(time);
  return (
    <time dateTime={value} title={children ? `${prefix}${relative} (${absolute})` : absolute}>
      {children ?? `${prefix}${relative}`}
    </time>
  );
}
