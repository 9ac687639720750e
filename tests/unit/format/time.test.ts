// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDateTime, formatRelative } from '../../../lib/format/time';

const NOW = Date.UTC(2026, 11, 4, 13, 5, 9);

describe('formatDateTime: the one absolute format', () => {
  it.each([
    [NOW, 'UTC', '4 Dec 2026, 13:05:09'],
    [new Date(NOW), 'UTC', '4 Dec 2026, 13:05:09'],
    ['2026-12-04T13:05:09Z', 'UTC', '4 Dec 2026, 13:05:09'],
    [Date.UTC(2026, 0, 1, 0, 0, 0), 'UTC', '1 Jan 2026, 00:00:00'],
    [NOW, 'Asia/Tokyo', '4 Dec 2026, 22:05:09'],
    [NOW, 'America/New_York', '4 Dec 2026, 08:05:09'],
    ['not a date', 'UTC', '—'],
  ])('%s in %s → %s', (input, zone, expected) => {
    expect(formatDateTime(input, zone)).toBe(expected);
  });
});

describe('formatDateTime in the reader’s own zone (Date fields, no Intl formatter)', () => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  it.each([NOW, Date.UTC(2026, 0, 1, 0, 0, 0), Date.UTC(2026, 6, 15, 23, 59, 59), Date.UTC(1999, 11, 31, 12, 0, 7)])(
    '%s reads as it does through Intl in the default zone',
    (ms) => {
      expect(formatDateTime(ms)).toBe(formatDateTime(ms, zone));
      expect(formatDateTime(ms)).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}$/);
    },
  );
  it('an invalid date is a dash', () => expect(formatDateTime('nope')).toBe('—'));
});

describe('formatRelative', () => {
  it.each([
    [NOW, 'just now'],
    [NOW - 9_000, 'just now'],
    [NOW + 5_000, 'just now'],
    [NOW - 42_000, '42 s ago'],
    [NOW - 5 * 60_000 - 30_000, '5 min ago'],
    [NOW + 2 * 60_000, 'in 2 min'],
    [NOW - 3 * 3_600_000, '3 h ago'],
    [NOW - 26 * 3_600_000, 'yesterday'],
    [NOW + 25 * 3_600_000, 'tomorrow'],
    [NOW - 4 * 86_400_000, '4 days ago'],
    [NOW + 3 * 86_400_000, 'in 3 days'],
    ['garbage', '—'],
  ])('%s → %s', (input, expected) => {
    expect(formatRelative(input, NOW)).toBe(expected);
  });

  it('past 30 days shows the date of the one format', () => {
    expect(formatRelative(NOW - 90 * 86_400_000, NOW)).toMatch(/^\d{1,2} (Sep|Oct) 2026$/);
  });
});

describe('formatCountdown', () => {
  it.each([
    [0, '0 s'],
    [-3, '0 s'],
    [4.2, '5 s'],
    [59, '59 s'],
    [60, '1 min'],
    [125, '2 min 5 s'],
  ])('%s → %s', (input, expected) => {
    expect(formatCountdown(input)).toBe(expected);
  });
});
