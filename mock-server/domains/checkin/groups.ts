/** add_checkin_option's rule parsing and the rule as the reads answer it (doc path/98041, 93384). */
import { err } from '../../core/errors/index.js';
import { userKey } from '../contacts/index.js';
import type { Corp } from '../types.js';
import type { CheckinGroup, Shift, TimeSlot } from './state.js';

const FIELD = (what: string): never => {
  throw err('INVALID_CHECKIN_RULE_FIELD', { message: `invalid checkin rule field: ${what}` });
};

const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function slot(raw: unknown, where: string): TimeSlot & Record<string, unknown> {
  const t = (raw ?? {}) as Record<string, unknown>;
  const work = t['work_sec'];
  const off = t['off_work_sec'];
  if (!isInt(work, 0, 86_400) || !isInt(off, 0, 172_800) || off <= work) FIELD(`${where}: work_sec < off_work_sec within the day`);
  return { ...t, work_sec: work as number, off_work_sec: off as number, remind_work_sec: isInt(t['remind_work_sec'], 0, 86_400) ? t['remind_work_sec'] : (work as number), remind_off_work_sec: isInt(t['remind_off_work_sec'], 0, 172_800) ? t['remind_off_work_sec'] : (off as number) };
}

function ids(v: unknown, kind: 'number' | 'string', where: string): Array<number | string> {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return FIELD(where);
  return v.map((x) => {
    if (kind === 'number' && (Number.isInteger(x) || (typeof x === 'string' && /^\d{1,10}$/.test(x)))) return Number(x);
    if (kind === 'string' && typeof x === 'string') return x;
    return FIELD(where);
  });
}

/**
 * A rule from add_checkin_option's `group`: name, type, days and times (301093), a place or Wi-Fi (301097),
 * a range of existing members, departments and tags (301090), members named by one rule only (301091).
 */
export function parseGroup(corp: Corp, group: Record<string, unknown>, groupid: number, now: number, agentid: number | undefined): CheckinGroup {
  const name = group['groupname'];
  if (typeof name !== 'string' || name.length < 1 || [...name].length > 64) FIELD('groupname');
  const type = group['grouptype'];
  if (!isInt(type, 1, 3)) FIELD('grouptype (1, 2 or 3)');
  const loc = group['loc_infos'];
  const wifi = group['wifimac_infos'];
  if (!(Array.isArray(loc) && loc.length > 0) && !(Array.isArray(wifi) && wifi.length > 0)) throw err('CHECKIN_RULE_LOCATION_WIFI_EMPTY');
  const checkindate: CheckinGroup['checkindate'] = [];
  const rawDates = group['checkindate'];
  if (type === 1) {
    if (!Array.isArray(rawDates) || rawDates.length === 0) FIELD('checkindate is required for grouptype 1');
    (rawDates as unknown[]).forEach((d, i) => {
      const o = (d ?? {}) as Record<string, unknown>;
      const workdays = o['workdays'];
      if (!Array.isArray(workdays) || workdays.length === 0 || !workdays.every((w) => isInt(w, 0, 6))) FIELD(`checkindate[${i}].workdays (0 Sunday … 6 Saturday)`);
      const times = o['checkintime'];
      if (!Array.isArray(times) || times.length === 0 || times.length > 3) FIELD(`checkindate[${i}].checkintime (1 to 3)`);
      checkindate.push({ ...o, workdays: [...(workdays as number[])], checkintime: (times as unknown[]).map((t, j) => slot(t, `checkindate[${i}].checkintime[${j}]`)) });
    });
  }
  const schedulelist: Shift[] = [];
  const rawShifts = group['schedulelist'];
  if (Array.isArray(rawShifts)) {
    rawShifts.forEach((sh, i) => {
      const o = (sh ?? {}) as Record<string, unknown>;
      const sections = Array.isArray(o['time_section']) ? (o['time_section'] as unknown[]) : [];
      schedulelist.push({
        schedule_id: isInt(o['schedule_id'], 1, 4_294_967_295) ? o['schedule_id'] : i + 1,
        schedule_name: typeof o['schedule_name'] === 'string' ? o['schedule_name'] : `班次${i + 1}`,
        time_section: sections.map((t, j) => ({ ...slot(t, `schedulelist[${i}].time_section[${j}]`), id: j + 1 })),
      });
    });
  }
  if (type === 2 && schedulelist.length === 0) FIELD('schedulelist is required for grouptype 2');
  const range = (group['range'] ?? {}) as Record<string, unknown>;
  const c = corp.domains.contacts;
  const party = ids(range['party_id'], 'number', 'range.party_id') as number[];
  const users = ids(range['userid'], 'string', 'range.userid') as string[];
  const tags = ids(range['tagid'], 'number', 'range.tagid') as number[];
  const white = ids(group['white_users'], 'string', 'white_users') as string[];
  const unknown = party.find((p) => !c.departments.has(p)) ?? users.find((u) => !c.getUser(u)) ?? tags.find((t) => !c.tags.has(t)) ?? white.find((u) => !c.getUser(u));
  if (unknown !== undefined) throw err('CHECKIN_RULE_HAS_UNAUTHORIZED_ID', { message: `checkin rule has unauthorized id: ${unknown}` });
  for (const other of corp.domains.checkin.groups.values()) {
    const clash = users.find((u) => other.range.userid.some((o) => userKey(o) === userKey(u)));
    if (clash !== undefined) throw err('CHECKIN_RULE_RANGE_CONFLICT', { message: `checkin rule range conflict: ${clash} is in rule ${other.groupid}` });
  }
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(group)) {
    if (!['groupid', 'groupname', 'grouptype', 'checkindate', 'schedulelist', 'range', 'white_users', 'create_time'].includes(k)) extra[k] = structuredClone(v);
  }
  return {
    groupid,
    groupname: name as string,
    grouptype: type as number,
    checkindate,
    schedulelist,
    range: { party_id: party, userid: users.map((u) => c.getUser(u)!.userid), tagid: tags },
    white_users: white.map((u) => c.getUser(u)!.userid),
    create_time: now,
    extra,
    ownerAgentid: agentid,
  };
}

/** A rule as getcorpcheckinoption / getcheckinoption answer it. */
export function groupView(g: CheckinGroup): Record<string, never> {
  const view: Record<string, unknown> = {
    ...structuredClone(g.extra),
    grouptype: g.grouptype,
    groupid: g.groupid,
    groupname: g.groupname,
    checkindate: structuredClone(g.checkindate),
    schedulelist: structuredClone(g.schedulelist),
    range: { party_id: [...g.range.party_id], userid: [...g.range.userid], tagid: [...g.range.tagid] },
    white_users: [...g.white_users],
    create_time: g.create_time,
    spe_workdays: g.extra['spe_workdays'] ?? [],
    spe_offdays: g.extra['spe_offdays'] ?? [],
  };
  return view as Record<string, never>;
}
