/**
 * Kitedeck's one date format and its relative times. Every surface shows a relative time ("5 min ago") with the
 * absolute time from `formatDateTime` on hover, so dates read the same everywhere.
 */

export type TimeInput = number | string | Date;

// Fixed English abbreviations: ICU versions disagree ("Sep" / "Sept").
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const toMs = (value: TimeInput): number => (value instanceof Date ? value.getTime() : new Date(value).getTime());

const two = (n: number) => String(n).padStart(2, '0');

/** One formatter per time zone: building an `Intl.DateTimeFormat` is costly, the first one most (ICU's set-up). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The one absolute format: `4 Dec 2026, 13:05:09` in the reader's time zone (24-hour clock, no locale drift). The
 * reader's own zone comes from `Date`'s local fields, so the popup's first paint sets up no ICU formatter (issue 16);
 * another zone goes through `Intl`.
 */
export function formatDateTime(value: TimeInput, timeZone?: string): string {
  const ms = toMs(value);
  if (Number.isNaN(ms)) return '—';
  if (!timeZone) {
    const d = new Date(ms);
    return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  }
  const parts = formatterFor(timeZone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  const month = MONTHS[Number(get('month')) - 1] ?? get('month');
  return `${Number(get('day'))} ${month} ${get('year')}, ${get('hour')}:${get('minute')}:${get('second')}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A short relative time: `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `yesterday`, `4 days ago`, `in 2 min`.
 * Beyond 30 days it falls back to the date (`4 Dec 2026`): "5 months ago" helps nobody.
 */
export function formatRelative(value: TimeInput, now: number = Date.now()): string {
  const ms = toMs(value);
  if (Number.isNaN(ms)) return '—';
  const delta = ms - now;
  const abs = Math.abs(delta);
  const future = delta > 0;
  const say = (amount: number, unit: string) => (future ? `in ${amount} ${unit}` : `${amount} ${unit} ago`);
  if (abs < 10_000) return 'just now';
  if (abs < MINUTE) return say(Math.floor(abs / 1000), 's');
  if (abs < HOUR) return say(Math.floor(abs / MINUTE), 'min');
  if (abs < DAY) return say(Math.floor(abs / HOUR), 'h');
  const days = Math.floor(abs / DAY);
  if (days === 1) return future ? 'tomorrow' : 'yesterday';
  if (days <= 30) return say(days, 'days');
  return formatDateTime(ms).replace(/,.*$/, '');
}

/** A duration in seconds as `45 s` / `2 min 5 s` (countdowns, e.g. until a rate limit resets). */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
}
