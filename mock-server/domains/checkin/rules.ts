/**
 * 打卡 rules: whose rule applies to a member, which times a day's rule schedules, how a punch is classified,
 * and the day and month reports computed from punches and rules (doc path/90263, 90262, 93374, 93387).
 */
import { err } from '../../core/errors/index.js';
import { userKey, type Member } from '../contacts/index.js';
import type { Corp } from '../types.js';
import type { CheckinGroup, CheckinState, Punch, TimeSlot } from './state.js';
import { DAY_SECONDS as DAY, chinaDayStart as dayStart, chinaWeekday as weekday } from '../../core/runtime/china-day.js';

/** useridlist of the reads: 1–100 members (301023), each known (301069). */
export function checkUserList(corp: Corp, list: string[]): Member[] {
  if (list.length < 1 || list.length > 100) throw err('CHECKIN_INVALID_USERIDLIST');
  return list.map((u) => {
    const m = corp.domains.contacts.getUser(u);
    if (!m) throw err('CHECKIN_USERID_NOT_FOUND', { message: `userid has no member: ${u}` });
    return m;
  });
}

/** A window of at most `days` days (301024); end before start → 40058. */
export function checkWindow(start: number, end: number, days: number): void {
  if (end < start) throw err('INVALID_PARAMETER', { message: 'endtime is before starttime. invalid Request Parameter' });
  if (end - start > days * DAY) throw err('CHECKIN_TIME_RANGE_TOO_LONG');
}

function departmentChain(corp: Corp, id: number): number[] {
  const out: number[] = [];
  const deps = corp.domains.contacts.departments;
  for (let cur = deps.get(id); cur && !out.includes(cur.id); cur = deps.get(cur.parentid)) out.push(cur.id);
  return out;
}

/**
 * The rule covering a member: one naming them by userid wins over one naming a tag of theirs, which wins over
 * one naming a department of theirs (the nearest); white-listed members have none (doc path/90263).
 */
export function ruleOf(corp: Corp, member: Member): CheckinGroup | undefined {
  const s = corp.domains.checkin;
  const key = userKey(member.userid);
  const groups = [...s.groups.values()].filter((g) => !g.white_users.some((w) => userKey(w) === key));
  const byUser = groups.find((g) => g.range.userid.some((u) => userKey(u) === key));
  if (byUser) return byUser;
  const tags = corp.domains.contacts.tagsOfUser.get(key) ?? new Set<number>();
  const byTag = groups.find((g) => g.range.tagid.some((t) => tags.has(t)));
  if (byTag) return byTag;
  let best: { g: CheckinGroup; depth: number } | undefined;
  for (const d of member.department) {
    departmentChain(corp, d).forEach((id, depth) => {
      for (const g of groups) if (g.range.party_id.includes(id) && (!best || depth < best.depth)) best = { g, depth };
    });
  }
  return best?.g;
}

/** The time slots a rule schedules for a member on a day (none: a rest day or a free rule). */
export function slotsOf(state: CheckinState, group: CheckinGroup, userid: string, day: number): { slots: TimeSlot[]; schedule_id: number; schedule_name: string } {
  if (group.grouptype === 2) {
    const a = state.schedules.get(userKey(userid))?.get(day);
    const shift = a && a.groupid === group.groupid ? group.schedulelist.find((s) => s.schedule_id === a.schedule_id) : undefined;
    return { slots: shift?.time_section ?? [], schedule_id: shift?.schedule_id ?? 0, schedule_name: shift?.schedule_name ?? '' };
  }
  if (group.grouptype === 3) return { slots: [], schedule_id: 0, schedule_name: '' };
  const wd = weekday(day);
  const date = group.checkindate.find((d) => d.workdays.includes(wd));
  return { slots: date?.checkintime ?? [], schedule_id: 0, schedule_name: '' };
}

type PunchPlace = Pick<Punch, 'location_title' | 'location_detail' | 'wifiname' | 'wifimac' | 'notes' | 'mediaids' | 'lat' | 'lng' | 'deviceid'>;

/**
 * A punch at `time`: matched to the nearest scheduled on- or off-work time of the member's rule that day
 * (上班打卡 / 下班打卡, 时间异常 when late or early); without a rule or a slot it is 外出打卡.
 */
export function classify(corp: Corp, member: Member, time: number, place: PunchPlace, corrected = false): Punch {
  const s = corp.domains.checkin;
  const day = dayStart(time);
  const group = ruleOf(corp, member);
  const base = { userid: member.userid, ...place, corrected };
  if (!group) return { ...base, groupid: 0, groupname: '', checkin_type: '外出打卡', exception_type: '', checkin_time: time, sch_checkin_time: 0, schedule_id: 0, timeline_id: 0 };
  const { slots, schedule_id } = slotsOf(s, group, member.userid, day);
  let best: { type: '上班打卡' | '下班打卡'; at: number; i: number } | undefined;
  slots.forEach((slot, i) => {
    for (const [type, at] of [['上班打卡', day + slot.work_sec], ['下班打卡', day + slot.off_work_sec]] as const) {
      if (!best || Math.abs(time - at) < Math.abs(time - best.at)) best = { type, at, i };
    }
  });
  if (!best) return { ...base, groupid: group.groupid, groupname: group.groupname, checkin_type: '外出打卡', exception_type: '', checkin_time: time, sch_checkin_time: 0, schedule_id, timeline_id: 0 };
  const off = best.type === '上班打卡' ? time > best.at : time < best.at;
  return {
    ...base,
    groupid: group.groupid,
    groupname: group.groupname,
    checkin_type: best.type,
    exception_type: off && !corrected ? '时间异常' : '',
    checkin_time: time,
    sch_checkin_time: best.at,
    schedule_id,
    timeline_id: best.i + 1,
  };
}

/** Exceptions of a day report (doc path/93374): 1 迟到, 2 早退, 3 缺卡, 4 旷工. */
export interface DayFacts {
  day: number;
  group: CheckinGroup | undefined;
  schedule_id: number;
  schedule_name: string;
  slots: TimeSlot[];
  punches: Punch[];
  exceptions: Map<number, { count: number; duration: number }>;
  regular: number;
  standard: number;
}

/** One member's day computed from the rule and the punches; slots that have not ended by `now` count no exception. */
export function dayFacts(corp: Corp, member: Member, day: number, now: number): DayFacts {
  const s = corp.domains.checkin;
  const group = ruleOf(corp, member);
  const { slots, schedule_id, schedule_name } = group ? slotsOf(s, group, member.userid, day) : { slots: [], schedule_id: 0, schedule_name: '' };
  const punches = s.punchesOf(member.userid, day, day + DAY - 1);
  const exceptions = new Map<number, { count: number; duration: number }>();
  const add = (kind: number, duration: number): void => {
    const e = exceptions.get(kind) ?? { count: 0, duration: 0 };
    e.count += 1;
    e.duration += duration;
    exceptions.set(kind, e);
  };
  let regular = 0;
  let standard = 0;
  for (const slot of slots) {
    const on = day + slot.work_sec;
    const off = day + slot.off_work_sec;
    standard += off - on;
    const onP = punches.find((p) => p.checkin_type === '上班打卡' && p.sch_checkin_time === on);
    const offP = [...punches].reverse().find((p) => p.checkin_type === '下班打卡' && p.sch_checkin_time === off);
    if (off > now) continue;
    if (!onP && !offP) {
      add(4, off - on);
      continue;
    }
    if (!onP || !offP) add(3, 0);
    if (onP && !onP.corrected && onP.checkin_time > on) add(1, onP.checkin_time - on);
    if (offP && !offP.corrected && offP.checkin_time < off) add(2, off - offP.checkin_time);
    if (onP && offP) {
      const from = onP.corrected ? on : Math.max(on, onP.checkin_time);
      const to = offP.corrected ? off : Math.min(off, offP.checkin_time);
      regular += Math.max(0, to - from);
    }
  }
  return { day, group, schedule_id, schedule_name, slots, punches, exceptions, regular, standard };
}

export function departsName(corp: Corp, member: Member): string {
  const deps = corp.domains.contacts.departments;
  return member.department
    .map((d) => departmentChain(corp, d).reverse().map((id) => deps.get(id)?.name ?? '').join('/'))
    .join(';');
}
