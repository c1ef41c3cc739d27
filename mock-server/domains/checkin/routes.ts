/** 打卡 handlers (doc path/93384, 90263, 90262, 93374, 93387, 93380, 93385, 98041, 99647, 95803, 93378). */
import { err, invalidParameter } from '../../core/errors/index.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import { userKey, type Member } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { checkUserList, checkWindow, classify, dayFacts, departsName, ruleOf, slotsOf } from './rules.js';
import { groupView, parseGroup } from './groups.js';
import { DAY_SECONDS as DAY, chinaDayOf as dayOf, chinaDayStart as dayStart, chinaMonthDay as monthDay } from '../../core/runtime/china-day.js';

/** 打卡 APIs take the 打卡 app's secret or a self-built app listed for it; WeCom answers others 48002. */
function guard(ctx: Ctx): void {
  if (!mayCallArea(ctx.corp, ctx.token, 'checkin')) throw err('API_FORBIDDEN');
}

const nowSec = (ctx: Ctx): number => Math.floor(ctx.clock.nowMs() / 1000);

function days(start: number, end: number): number[] {
  const out: number[] = [];
  for (let d = dayStart(start); d <= end; d += DAY) out.push(d);
  return out;
}

/**
 * The members and window of a 打卡 report (getcheckindata, the day/month reports, the schedule list): at most
 * `maxDays` days (301024) of 1 to 100 members (301023), checked in that order after the caller (48002).
 */
function reportScope(ctx: Ctx, body: { starttime: number; endtime: number; useridlist: string[] }, maxDays: number): { starttime: number; endtime: number; members: Member[] } {
  guard(ctx);
  checkWindow(body.starttime, body.endtime, maxDays);
  return { starttime: body.starttime, endtime: body.endtime, members: checkUserList(ctx.corp, body.useridlist) };
}

const EXCEPTION_KINDS = [1, 2, 3, 4];

export const checkinRoutes = defineRoutes({
  checkin_getcorpcheckinoption: (ctx) => {
    guard(ctx);
    return { group: [...ctx.corp.domains.checkin.groups.values()].map(groupView) };
  },

  checkin_getcheckinoption: (ctx) => {
    guard(ctx);
    const members = checkUserList(ctx.corp, ctx.body.useridlist);
    const info = [];
    for (const m of members) {
      const g = ruleOf(ctx.corp, m);
      if (g) info.push({ userid: m.userid, group: groupView(g) });
    }
    return { info };
  },

  checkin_getcheckindata: (ctx) => {
    const { starttime, endtime, members } = reportScope(ctx, ctx.body, 30);
    const { opencheckindatatype } = ctx.body;
    const checkindata = members.flatMap((m) =>
      ctx.corp.domains.checkin
        .punchesOf(m.userid, starttime, endtime)
        // 1 上下班打卡, 2 外出打卡, 3 all (doc path/90262).
        .filter((p) => opencheckindatatype === 3 || (opencheckindatatype === 2) === (p.checkin_type === '外出打卡'))
        .map(({ corrected: _, ...p }) => ({ ...p, mediaids: [...p.mediaids] })),
    );
    return { checkindata };
  },

  checkin_getcheckin_daydata: (ctx) => {
    const { starttime, endtime, members } = reportScope(ctx, ctx.body, 30);
    const now = nowSec(ctx);
    const datas = [];
    for (const m of members) {
      for (const day of days(starttime, Math.min(endtime, now))) {
        const f = dayFacts(ctx.corp, m, day, now);
        const times = f.punches.map((p) => p.checkin_time - day);
        datas.push({
          base_info: {
            date: day,
            record_type: 1,
            name: m.name,
            name_ex: m.alias,
            departs_name: departsName(ctx.corp, m),
            acctid: m.userid,
            rule_info: {
              groupid: f.group?.groupid ?? 0,
              groupname: f.group?.groupname ?? '',
              scheduleid: f.schedule_id,
              schedulename: f.schedule_name,
              checkintime: f.slots.map((s) => ({ work_sec: s.work_sec, off_work_sec: s.off_work_sec })),
            },
            day_type: f.slots.length > 0 ? 0 : 1,
          },
          summary_info: {
            checkin_count: f.punches.length,
            regular_work_sec: f.regular,
            standard_work_sec: f.standard,
            earliest_time: times.length ? Math.min(...times) : 0,
            lastest_time: times.length ? Math.max(...times) : 0,
          },
          holiday_infos: [],
          exception_infos: EXCEPTION_KINDS.filter((k) => f.exceptions.has(k)).map((k) => ({ exception: k, ...f.exceptions.get(k)! })),
          ot_info: { ot_status: 0, ot_duration: 0, exception_duration: [] },
          sp_items: [],
        });
      }
    }
    return { datas };
  },

  checkin_getcheckin_monthdata: (ctx) => {
    const { starttime, endtime, members } = reportScope(ctx, ctx.body, 31);
    const now = nowSec(ctx);
    const datas = members.map((m) => {
      const facts = days(starttime, Math.min(endtime, now)).map((d) => dayFacts(ctx.corp, m, d, now));
      const ex = new Map<number, { count: number; duration: number }>();
      for (const f of facts) {
        for (const [k, v] of f.exceptions) {
          const e = ex.get(k) ?? { count: 0, duration: 0 };
          e.count += v.count;
          e.duration += v.duration;
          ex.set(k, e);
        }
      }
      const group = ruleOf(ctx.corp, m);
      return {
        base_info: { record_type: 1, name: m.name, name_ex: m.alias, departs_name: departsName(ctx.corp, m), acctid: m.userid, rule_info: { groupid: group?.groupid ?? 0, groupname: group?.groupname ?? '' } },
        summary_info: {
          work_days: facts.filter((f) => f.slots.length > 0).length,
          rest_days: facts.filter((f) => f.slots.length === 0).length,
          except_days: facts.filter((f) => f.exceptions.size > 0).length,
          regular_work_sec: facts.reduce((a, f) => a + f.regular, 0),
          standard_work_sec: facts.reduce((a, f) => a + f.standard, 0),
        },
        exception_infos: EXCEPTION_KINDS.filter((k) => ex.has(k)).map((k) => ({ exception: k, ...ex.get(k)! })),
        sp_items: [],
        overwork_info: { workday_over_sec: 0, restdays_over_sec: 0, workdays_over_as_vacation: 0, workdays_over_as_money: 0, restdays_over_as_vacation: 0, restdays_over_as_money: 0, holidays_over_as_vacation: 0, holidays_over_as_money: 0 },
      };
    });
    return { datas };
  },

  checkin_getcheckinschedulist: (ctx) => {
    const { starttime, endtime, members } = reportScope(ctx, ctx.body, 31);
    const s = ctx.corp.domains.checkin;
    const schedule_list = [];
    for (const m of members) {
      const byMonth = new Map<string, Array<{ day: number; schedule_info: { schedule_id: number; schedule_name: string; time_section: Array<{ id: number; work_sec: number; off_work_sec: number; remind_work_sec: number; remind_off_work_sec: number }> } }>>();
      for (const day of days(starttime, endtime)) {
        const a = s.schedules.get(userKey(m.userid))?.get(day);
        const g = a && s.groups.get(a.groupid);
        if (!a || !g) continue;
        const shift = g.schedulelist.find((x) => x.schedule_id === a.schedule_id);
        const md = monthDay(day);
        const k = `${md.yearmonth}:${g.groupid}`;
        const list = byMonth.get(k) ?? [];
        list.push({ day: md.day, schedule_info: { schedule_id: a.schedule_id, schedule_name: shift?.schedule_name ?? '休息', time_section: (shift?.time_section ?? []).map((t) => ({ id: t.id, work_sec: t.work_sec, off_work_sec: t.off_work_sec, remind_work_sec: t.remind_work_sec, remind_off_work_sec: t.remind_off_work_sec })) } });
        byMonth.set(k, list);
      }
      for (const [k, list] of byMonth) {
        const [ym, gid] = k.split(':').map(Number) as [number, number];
        schedule_list.push({ userid: m.userid, yearmonth: ym, groupid: gid, groupname: s.groups.get(gid)!.groupname, schedule: { scheduleList: list } });
      }
    }
    return { schedule_list };
  },

  checkin_setcheckinschedulist: (ctx) => {
    guard(ctx);
    const s = ctx.corp.domains.checkin;
    const g = s.groups.get(ctx.body.groupid);
    if (!g) throw err('INVALID_GROUPID');
    // Shifts exist on 按班次 rules only (doc path/93385).
    if (g.grouptype !== 2) throw err('INVALID_GROUPID', { message: 'invalid groupid: not a rule with shifts' });
    const writes: Array<{ key: string; day: number; schedule_id: number }> = [];
    for (const item of ctx.body.items) {
      const m = ctx.corp.domains.contacts.getUser(item.userid);
      if (!m) throw err('CHECKIN_USERID_NOT_FOUND');
      if (ruleOf(ctx.corp, m)?.groupid !== g.groupid) throw err('CHECKIN_RULE_HAS_UNAUTHORIZED_ID', { message: `checkin rule has unauthorized id: ${m.userid} is not in the rule's range` });
      const day = dayOf(ctx.body.yearmonth, item.day);
      if (day === undefined) throw err('CHECKIN_INVALID_SCHEDULE_TIME');
      if (item.schedule_id !== 0 && !g.schedulelist.some((x) => x.schedule_id === item.schedule_id)) throw err('CHECKIN_INVALID_SCHEDULE_TIME');
      writes.push({ key: userKey(m.userid), day, schedule_id: item.schedule_id });
    }
    for (const w of writes) {
      const map = s.schedules.get(w.key) ?? new Map();
      map.set(w.day, { groupid: g.groupid, schedule_id: w.schedule_id });
      s.schedules.set(w.key, map);
    }
    return {};
  },

  checkin_add_checkin_option: (ctx) => {
    guard(ctx);
    const s = ctx.corp.domains.checkin;
    if (s.groups.size >= 200) throw err('CHECKIN_RULE_LIMIT_REACHED');
    const g = parseGroup(ctx.corp, ctx.body.group, s.nextGroupId, nowSec(ctx), ctx.app?.agentid);
    s.groups.set(g.groupid, g);
    s.nextGroupId += 1;
    return { groupid: g.groupid };
  },

  checkin_add_checkin_record: (ctx) => {
    guard(ctx);
    const records = ctx.body.records;
    if (records.length < 1 || records.length > 200) throw invalidParameter('records must hold 1 to 200 punches');
    const now = nowSec(ctx);
    const punches = records.map((r) => {
      const m = ctx.corp.domains.contacts.getUser(r.userid);
      if (!m) throw err('CHECKIN_USERID_NOT_FOUND');
      if (r.checkin_time > now || r.checkin_time < now - 30 * DAY) throw err('INVALID_CHECKIN_TIME');
      return classify(ctx.corp, m, r.checkin_time, {
        location_title: r.location_title ?? '',
        location_detail: r.location_detail ?? '',
        wifiname: r.wifiname ?? '',
        wifimac: r.wifimac ?? '',
        notes: r.notes ?? '',
        mediaids: r.mediaids ?? [],
        lat: r.lat ?? 0,
        lng: r.lng ?? 0,
        deviceid: r.device_detail ?? '',
      });
    });
    for (const p of punches) ctx.corp.domains.checkin.addPunch(p);
    return {};
  },

  checkin_punch_correction: (ctx) => {
    guard(ctx);
    const b = ctx.body;
    const m = ctx.corp.domains.contacts.getUser(b.userid);
    if (!m) throw err('CHECKIN_USERID_NOT_FOUND');
    const now = nowSec(ctx);
    const day = b.schedule_date_time;
    if (dayStart(day) !== day || day > now) throw err('INVALID_SCHEDULED_CHECKIN_DATE');
    const group = ruleOf(ctx.corp, m);
    if (!group) throw err('INVALID_SCHEDULED_CHECKIN_DATE', { message: 'invalid scheduled checkin date: the member has no checkin rule' });
    const { slots } = slotsOf(ctx.corp.domains.checkin, group, m.userid, day);
    if (!slots.some((x) => x.work_sec === b.schedule_checkin_time || x.off_work_sec === b.schedule_checkin_time)) throw err('INVALID_SCHEDULED_CHECKIN_TIME');
    if (dayStart(b.checkin_time) !== day || b.checkin_time > now) throw err('INVALID_CHECKIN_TIME');
    const p = classify(ctx.corp, m, day + b.schedule_checkin_time, { location_title: '', location_detail: '', wifiname: '', wifimac: '', notes: b.remark ?? '', mediaids: [], lat: 0, lng: 0, deviceid: '' }, true);
    ctx.corp.domains.checkin.addPunch({ ...p, checkin_time: b.checkin_time });
    return {};
  },

  checkin_addcheckinuserface: (ctx) => {
    guard(ctx);
    const m = ctx.corp.domains.contacts.getUser(ctx.body.userid);
    if (!m) throw err('CHECKIN_USERID_NOT_FOUND');
    const raw = /^[A-Za-z0-9+/]+={0,2}$/.test(ctx.body.userface) ? Buffer.from(ctx.body.userface, 'base64') : Buffer.alloc(0);
    // A face is a JPEG or PNG picture (doc path/93378); anything else → 301075 invalid input.
    const isJpeg = raw.length > 3 && raw[0] === 0xff && raw[1] === 0xd8;
    const isPng = raw.length > 8 && raw.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    if ((!isJpeg && !isPng) || raw.length > 1024 * 1024) throw err('CHECKIN_INVALID_INPUT');
    ctx.corp.domains.checkin.faces.set(userKey(m.userid), { bytes: raw.length, atMs: ctx.clock.nowMs() });
    return {};
  },
});
