import { describe, expect, it } from 'vitest';
import { occurrences, isOccurrence, weekdayOf } from './repeat.js';

// 2024-01-01 was a Monday; 10:00 China time (UTC+8) = 02:00 UTC.
const MON = Date.UTC(2024, 0, 1, 2) / 1000;
const H = 3600, D = 86_400;
const starts = (xs: { start_time: number }[]) => xs.map((x) => (x.start_time - MON) / D);

describe('schedule repeat expansion', () => {
  it('When the day numbers are read, then 1970-01-01 is a Thursday and 2024-01-01 a Monday', () => {
    expect(weekdayOf(0)).toBe(4);
    expect(weekdayOf(Math.floor((MON + 8 * H) / D))).toBe(1);
  });

  it('When a schedule does not repeat, then only its own span overlaps a window', () => {
    expect(occurrences(MON, MON + H, undefined, MON - D, MON + D)).toEqual([{ start_time: MON, end_time: MON + H }]);
    expect(occurrences(MON, MON + H, undefined, MON + H, MON + D)).toEqual([]);
    expect(occurrences(MON, MON + H, undefined, MON + H - 1, MON + D)).toHaveLength(1);
  });

  it('When it repeats daily every 2 days until day 6, then days 0, 2, 4, 6 occur and an excluded one is skipped', () => {
    const r = { repeat_type: 0, is_custom_repeat: 1, repeat_interval: 2, repeat_until: MON + 6 * D };
    expect(starts(occurrences(MON, MON + H, r, MON - D, MON + 30 * D))).toEqual([0, 2, 4, 6]);
    expect(starts(occurrences(MON, MON + H, r, MON - D, MON + 30 * D, new Set([MON + 2 * D])))).toEqual([0, 4, 6]);
  });

  it('When a window starts mid-series, then an occurrence still running at its start is included', () => {
    const r = { repeat_type: 0 };
    expect(starts(occurrences(MON, MON + 2 * H, r, MON + 10 * D + H, MON + 11 * D + H))).toEqual([10, 11]);
  });

  it('When it repeats weekly on Wednesday and Sunday every other week, then only those days of even weeks occur', () => {
    const r = { repeat_type: 1, is_custom_repeat: 1, repeat_interval: 2, repeat_day_of_week: [3, 7] };
    expect(starts(occurrences(MON, MON + H, r, MON, MON + 28 * D))).toEqual([0, 2, 6, 16, 20]);
  });

  it('When it repeats weekly without custom days, then it falls on the first day\'s weekday', () => {
    expect(starts(occurrences(MON, MON + H, { repeat_type: 1 }, MON, MON + 22 * D))).toEqual([0, 7, 14, 21]);
  });

  it('When it repeats monthly on the 31st, then months without a 31st are skipped', () => {
    const jan31 = MON + 30 * D;
    const got = occurrences(jan31, jan31 + H, { repeat_type: 2 }, jan31, jan31 + 100 * D).map((o) => new Date((o.start_time + 8 * H) * 1000).toISOString().slice(0, 10));
    expect(got).toEqual(['2024-01-31', '2024-03-31']);
  });

  it('When it repeats monthly on days 10 and 21, then both days of each month occur', () => {
    const r = { repeat_type: 2, is_custom_repeat: 1, repeat_interval: 1, repeat_day_of_month: [10, 21] };
    const got = occurrences(MON, MON + H, r, MON, MON + 45 * D).map((o) => new Date((o.start_time + 8 * H) * 1000).getUTCDate());
    expect(got).toEqual([1, 10, 21, 10]);
  });

  it('When it repeats yearly or on workdays, then Feb 29 recurs only in leap years and weekends are skipped', () => {
    const feb29 = Date.UTC(2024, 1, 29, 2) / 1000;
    expect(occurrences(feb29, feb29 + H, { repeat_type: 5 }, feb29, feb29 + 5 * 366 * D).map((o) => new Date(o.start_time * 1000).getUTCFullYear())).toEqual([2024, 2028]);
    expect(starts(occurrences(MON, MON + H, { repeat_type: 7 }, MON, MON + 14 * D))).toEqual([0, 1, 2, 3, 4, 7, 8, 9, 10, 11]);
  });

  it('When an op_start_time is checked, then only real starts of the series count', () => {
    expect(isOccurrence(MON, MON + H, { repeat_type: 0 }, MON + 3 * D)).toBe(true);
    expect(isOccurrence(MON, MON + H, { repeat_type: 0 }, MON + 3 * D + 60)).toBe(false);
    expect(isOccurrence(MON, MON + H, { repeat_type: 1 }, MON + 3 * D)).toBe(false);
  });
});
