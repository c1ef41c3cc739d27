/**
 * One page of get_by_calendar's window answer (doc path/97723): the occurrences of a calendar's schedules that
 * overlap [from, to), ordered by start (ties: calendar order, then the series' own order), from `offset`, at most
 * `limit`; cancelled schedules (status 1) are skipped. Pure: no state, no errcodes.
 */
import { forEachOccurrence, type RepeatRule } from './repeat.js';
import { ruleOf, type Schedule } from './state.js';

const DAY = 86_400;
/** Sort keys put a start's offset in the window above the hit's index (< 2^24 hits per request). */
const HIT = 2 ** 24;

export interface WindowHit {
  schedule: Schedule;
  start_time: number;
}

/**
 * The page is the first offset + limit occurrences by start, so the window is expanded in growing spans from its
 * start (1, 2, 4 … days) until that many have started before the span's end: every later occurrence sorts after
 * them, so the prefix is exact, and a first page does not expand the whole month (issue 13's bench: 45,000
 * occurrences in a 30-day window of 10,000 schedules, of which a page shows 1,000). Ties keep the order of
 * discovery in every span, as one pass over the whole window would.
 */
export function windowPage(list: Iterable<Schedule>, from: number, to: number, offset: number, limit: number): WindowHit[] {
  const need = offset + limit;
  const cands: Schedule[] = [];
  const rules: (RepeatRule | undefined)[] = [];
  const starts: number[] = [];
  const owners: Schedule[] = [];
  let owner: Schedule | undefined;
  let lo = -Infinity;
  const take = (st: number): void => {
    if (st < lo) return;
    starts.push(st);
    owners.push(owner!);
  };
  // The first span (the window's first day) in the same pass that picks the candidates: each schedule is read once.
  let cut = Math.min(to, from + DAY);
  for (const sch of list) {
    if (sch.status !== 0) continue;
    const rule = ruleOf(sch);
    const dur = Math.max(0, sch.end_time - sch.start_time);
    // Cheap supersets of forEachOccurrence's own test: what starts after the window or ends before it.
    if (sch.start_time >= to) continue;
    const until = rule?.repeat_until ?? 0;
    if (rule ? until > 0 && until < from - dur : sch.start_time + dur < from) continue;
    cands.push(sch);
    rules.push(rule);
    owner = sch;
    forEachOccurrence(sch.start_time, sch.end_time, rule, from, cut, sch.excluded.size ? sch.excluded : undefined, take);
  }
  for (let spanFrom = from, span = DAY; starts.length < need && cut < to; ) {
    // Later spans take only what starts in them; what merely overlaps their start was taken already.
    lo = spanFrom = cut;
    span *= 2;
    cut = Math.min(to, cut + span);
    for (let k = 0; k < cands.length; k++) {
      owner = cands[k]!;
      forEachOccurrence(owner.start_time, owner.end_time, rules[k], spanFrom, cut, owner.excluded.size ? owner.excluded : undefined, take);
    }
  }
  // Numeric keys (start's offset from the window, then the hit's index): one typed-array sort, no comparator.
  // From the earliest start (a long schedule begun well before the window still overlaps it), so keys stay positive.
  let base = from;
  for (const st of starts) if (st < base) base = st;
  const keys = new Float64Array(starts.length);
  for (let i = 0; i < starts.length; i++) keys[i] = (starts[i]! - base) * HIT + i;
  keys.sort();
  const out: WindowHit[] = [];
  for (let k = offset; k < Math.min(keys.length, need); k++) {
    const i = keys[k]! % HIT;
    out.push({ schedule: owners[i]!, start_time: starts[i]! });
  }
  return out;
}
