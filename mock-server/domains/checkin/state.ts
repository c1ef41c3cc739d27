/**
 * 打卡 state of a corp: rules (groups), punches, shift schedules, enrolled faces; and the demo history a
 * typical corp starts with (a fixed 09:00–18:00 rule for the whole corp and two weeks of punches).
 */
import type { CorpSeed } from '../../../fixtures/types.js';
import { Rng } from '../../core/runtime/rng.js';
import { userKey } from '../contacts/index.js';
import { DAY_SECONDS as DAY, chinaDayStart as dayStart, chinaWeekday as weekday } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface TimeSlot {
  work_sec: number;
  off_work_sec: number;
  remind_work_sec: number;
  remind_off_work_sec: number;
}

export interface Shift {
  schedule_id: number;
  schedule_name: string;
  time_section: Array<TimeSlot & { id: number }>;
}

/** A rule as WeCom answers it (getcorpcheckinoption's group): the caller's fields plus ours. */
export interface CheckinGroup {
  groupid: number;
  groupname: string;
  /** 1 固定时间上下班, 2 按班次上下班 (排班), 3 自由上下班 (doc path/98041). */
  grouptype: number;
  checkindate: Array<{ workdays: number[]; checkintime: TimeSlot[]; noneed_offwork?: boolean; limit_aheadtime?: number; flex_on_duty_time?: number; flex_off_duty_time?: number }>;
  schedulelist: Shift[];
  range: { party_id: number[]; userid: string[]; tagid: number[] };
  white_users: string[];
  create_time: number;
  /** Every other field the rule was created with, answered as given. */
  extra: Record<string, unknown>;
  /** The app that created it by API (only it may change it); undefined = the admin console / seed. */
  ownerAgentid: number | undefined;
}

export interface Punch {
  userid: string;
  groupid: number;
  groupname: string;
  checkin_type: '上班打卡' | '下班打卡' | '外出打卡';
  exception_type: string;
  checkin_time: number;
  sch_checkin_time: number;
  schedule_id: number;
  timeline_id: number;
  location_title: string;
  location_detail: string;
  wifiname: string;
  wifimac: string;
  notes: string;
  mediaids: string[];
  lat: number;
  lng: number;
  deviceid: string;
  /** A 补卡 (punch_correction): counts as on time. */
  corrected: boolean;
}

export class CheckinState {
  readonly groups = new Map<number, CheckinGroup>();
  /** Punches in time order per userid key. */
  readonly punches = new Map<string, Punch[]>();
  /** userid key → day (00:00 China time) → the shift assigned (setcheckinschedulist). */
  readonly schedules = new Map<string, Map<number, { groupid: number; schedule_id: number }>>();
  /** userid keys with an enrolled face. */
  readonly faces = new Map<string, { bytes: number; atMs: number }>();
  nextGroupId = 1;
  readonly rng: Rng;

  constructor(rng: Rng) {
    this.rng = rng;
  }

  addPunch(p: Punch): void {
    const key = userKey(p.userid);
    const list = this.punches.get(key) ?? [];
    list.push(p);
    list.sort((a, b) => a.checkin_time - b.checkin_time);
    this.punches.set(key, list);
  }

  punchesOf(userid: string, from: number, to: number): Punch[] {
    return (this.punches.get(userKey(userid)) ?? []).filter((p) => p.checkin_time >= from && p.checkin_time <= to);
  }
}

export const DEMO_SLOT: TimeSlot = { work_sec: 9 * 3600, off_work_sec: 18 * 3600, remind_work_sec: 9 * 3600 - 600, remind_off_work_sec: 18 * 3600 };

/** The demo rules and two weeks of punches of a typical corp (nothing for empty). */
export function seedCheckin(state: CheckinState, seed: CorpSeed, nowSec: number): void {
  if (seed.users.length === 0) return;
  const created = dayStart(nowSec) - 30 * DAY;
  state.groups.set(1, {
    groupid: 1,
    groupname: '标准工时',
    grouptype: 1,
    checkindate: [{ workdays: [1, 2, 3, 4, 5], checkintime: [DEMO_SLOT], noneed_offwork: false, limit_aheadtime: 14_400_000, flex_on_duty_time: 0, flex_off_duty_time: 0 }],
    schedulelist: [],
    range: { party_id: [1], userid: [], tagid: [] },
    white_users: [],
    create_time: created,
    extra: {
      loc_infos: [{ lat: 22_540_503, lng: 113_934_528, loc_title: '总部大厦', loc_detail: '广东省深圳市南山区科技园', distance: 300 }],
      wifimac_infos: [],
      sync_holidays: true,
      need_photo: false,
      note_can_use_local_pic: true,
      allow_checkin_offworkday: false,
      allow_apply_offworkday: true,
      type: 0,
      option_out_range: 0,
      use_face_detect: false,
      allow_apply_bk_cnt: -1,
      allow_apply_bk_day_limit: -1,
      offwork_interval_time: 300,
      checkin_method_type: 0,
      open_sp_checkin: false,
    },
    ownerAgentid: undefined,
  });
  state.groups.set(2, {
    groupid: 2,
    groupname: '门店排班',
    grouptype: 2,
    checkindate: [],
    schedulelist: [
      { schedule_id: 1, schedule_name: '早班', time_section: [{ id: 1, work_sec: 8 * 3600, off_work_sec: 16 * 3600, remind_work_sec: 8 * 3600 - 600, remind_off_work_sec: 16 * 3600 }] },
      { schedule_id: 2, schedule_name: '晚班', time_section: [{ id: 2, work_sec: 14 * 3600, off_work_sec: 22 * 3600, remind_work_sec: 14 * 3600 - 600, remind_off_work_sec: 22 * 3600 }] },
    ],
    range: { party_id: [], userid: [], tagid: [] },
    white_users: [],
    create_time: created,
    extra: { loc_infos: [], wifimac_infos: [{ wifiname: 'Store-WiFi', wifimac: 'c0:7b:bc:37:f8:d3' }], type: 0, checkin_method_type: 0 },
    ownerAgentid: undefined,
  });
  state.nextGroupId = 3;
  // Two weeks of punches of the first ten active members: mostly on time, some late, early or missing.
  const rng = state.rng;
  const members = seed.users.filter((u) => u.status === 1).slice(0, 10);
  const today = dayStart(nowSec);
  for (let day = today - 14 * DAY; day < today; day += DAY) {
    if (![1, 2, 3, 4, 5].includes(weekday(day))) continue;
    for (const m of members) {
      const r = rng.next();
      if (r < 0.03) continue; // absent
      const late = rng.next() < 0.15 ? 60 + rng.int(1800) : 0;
      const on = day + DEMO_SLOT.work_sec - 600 + rng.int(540) + (late ? 600 : 0) + late;
      const early = rng.next() < 0.08 ? 60 + rng.int(3600) : 0;
      const off = day + DEMO_SLOT.off_work_sec + (early ? -early : rng.int(3600));
      const base = { userid: m.userid, groupid: 1, groupname: '标准工时', schedule_id: 0, timeline_id: 1, location_title: '总部大厦', location_detail: '广东省深圳市南山区科技园', wifiname: '', wifimac: '', notes: '', mediaids: [], lat: 22_540_503, lng: 113_934_528, deviceid: '', corrected: false };
      state.addPunch({ ...base, checkin_type: '上班打卡', exception_type: on > day + DEMO_SLOT.work_sec ? '时间异常' : '', checkin_time: on, sch_checkin_time: day + DEMO_SLOT.work_sec });
      if (r < 0.06) continue; // forgot to punch out
      state.addPunch({ ...base, checkin_type: '下班打卡', exception_type: off < day + DEMO_SLOT.off_work_sec ? '时间异常' : '', checkin_time: off, sch_checkin_time: day + DEMO_SLOT.off_work_sec });
    }
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(CheckinState);
