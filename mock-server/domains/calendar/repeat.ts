/**
 * Repeat rules of a schedule (doc path/93648 `reminders`): repeat_type 0 daily, 1 weekly, 2 monthly, 5 yearly,
 * 7 workdays (Mon–Fri); a custom repeat (`is_custom_repeat`) adds `repeat_interval` and the days of the week
 * (1 = Monday … 7 = Sunday) or of the month (1–31) it falls on. Occurrences keep the first one's time of day in
 * the schedule's `timezone` (hours east of UTC, default 8); `repeat_until` is the last moment an occurrence may
 * start; `exclude_time_list` removes single occurrences by their start.
 */
export const REPEAT_TYPES = [0, 1, 2, 5, 7] as const;

export interface RepeatRule {
  repeat_type: number;
  /** Unix seconds; 0 / undefined = forever. */
  repeat_until?: number;
  is_custom_repeat?: number;
  repeat_interval?: number;
  repeat_day_of_week?: number[];
  repeat_day_of_month?: number[];
  timezone?: number;
}

export interface Occurrence {
  start_time: number;
  end_time: number;
}

const DAY = 86_400;
/** 1 = Monday … 7 = Sunday of a day number since 1970-01-01 (a Thursday). */
export const weekdayOf = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** Calendar date of a day number; memoised, since windows ask for the same few days for every schedule. */
const YMD = new Map<number, { y: number; m: number; d: number }>();
function ymd(day: number): { y: number; m: number; d: number } {
  let v = YMD.get(day);
  if (!v) {
    const t = new Date(day * DAY * 1000);
    v = { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate() };
    if (YMD.size > 100_000) YMD.clear();
    YMD.set(day, v);
  }
  return v;
}

/** Does the rule put an occurrence on local day `day` (≥ the first occurrence's day `d0`)? */
function onDay(rule: RepeatRule, d0: number, day: number): boolean {
  const custom = rule.is_custom_repeat === 1;
  const interval = custom && rule.repeat_interval && rule.repeat_interval > 0 ? rule.repeat_interval : 1;
  switch (rule.repeat_type) {
    case 0:
      return (day - d0) % interval === 0;
    case 1: {
      const days = custom && rule.repeat_day_of_week?.length ? rule.repeat_day_of_week : [weekdayOf(d0)];
      if (!days.includes(weekdayOf(day))) return false;
      const monday0 = d0 - (weekdayOf(d0) - 1);
      return Math.floor((day - monday0) / 7) % interval === 0;
    }
    case 2: {
      const a = ymd(d0), b = ymd(day);
      const days = custom && rule.repeat_day_of_month?.length ? rule.repeat_day_of_month : [a.d];
      if (!days.includes(b.d)) return false;
      return ((b.y - a.y) * 12 + (b.m - a.m)) % interval === 0;
    }
    case 5: {
      const a = ymd(d0), b = ymd(day);
      return a.m === b.m && a.d === b.d && (b.y - a.y) % interval === 0;
    }
    case 7: {
      const w = weekdayOf(day);
      return w <= 5;
    }
    default:
      return false;
  }
}

/**
 * Calls `each(start)` for the occurrences of a schedule overlapping [from, to) (Unix seconds), by start. A
 * non-repeating schedule (rule undefined) has its one occurrence. Cost grows with the window's days, not with
 * the series' age.
 */
export function forEachOccurrence(start: number, end: number, rule: RepeatRule | undefined, from: number, to: number, excluded: ReadonlySet<number> | undefined, each: (start: number) => void): void {
  const dur = Math.max(0, end - start);
  if (!rule) {
    if (start < to && (start + dur > from || (dur === 0 && start >= from))) each(start);
    return;
  }
  const off = (rule.timezone ?? 8) * 3600;
  const d0 = Math.floor((start + off) / DAY);
  const tod = start + off - d0 * DAY;
  const until = rule.repeat_until && rule.repeat_until > 0 ? rule.repeat_until : Infinity;
  const first = Math.max(d0, Math.floor((from - dur + off - tod) / DAY));
  const last = Math.floor((Math.min(to, until + 1) - 1 + off - tod) / DAY);
  // Daily and plain weekly rules step straight from one occurrence to the next; the others test each day.
  const custom = rule.is_custom_repeat === 1;
  const interval = custom && rule.repeat_interval && rule.repeat_interval > 0 ? rule.repeat_interval : 1;
  const stride = rule.repeat_type === 0 ? interval : rule.repeat_type === 1 && !(custom && rule.repeat_day_of_week?.length) ? 7 * interval : 1;
  const begin = stride > 1 ? d0 + Math.ceil((first - d0) / stride) * stride : first;
  for (let day = begin; day <= last; day += stride) {
    const s = day * DAY + tod - off;
    if (s < start || s > until || s >= to || s + Math.max(dur, 1) <= from) continue;
    if (day !== d0 && !onDay(rule, d0, day)) continue;
    if (excluded?.has(s)) continue;
    each(s);
  }
}

/** The occurrences of a schedule overlapping [from, to), by start (see forEachOccurrence). */
export function occurrences(start: number, end: number, rule: RepeatRule | undefined, from: number, to: number, excluded?: ReadonlySet<number>): Occurrence[] {
  const out: Occurrence[] = [];
  forEachOccurrence(start, end, rule, from, to, excluded, (s) => out.push({ start_time: s, end_time: s + (end - start) }));
  return out;
}

/** Is `at` the start of one of the series' occurrences (op_start_time of update/del)? */
export function isOccurrence(start: number, end: number, rule: RepeatRule | undefined, at: number, excluded?: ReadonlySet<number>): boolean {
  return occurrences(start, end, rule, at, at + 1, excluded).some((o) => o.start_time === at);
}
