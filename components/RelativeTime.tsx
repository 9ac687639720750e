import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, formatRelative, type TimeInput } from '@/lib/format/time';

/** "5 min ago", with the absolute time (the one date format) on hover and in `datetime`; refreshes every 30 s. */
export function RelativeTime({ value, prefix = '' }: { value: TimeInput; prefix?: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const date = value instanceof Date ? value : new Date(value);
  const valid = !Number.isNaN(date.getTime());
  return (
    <time dateTime={valid ? date.toISOString() : undefined} title={formatDateTime(date)}>
      {prefix}
      {formatRelative(date, now)}
    </time>
  );
}
