/**
 * 智慧硬件 checkin data: the punches the 打卡 domain records, as the corp's checkin devices
 * saw them. A typical corp has two devices; each member punches on one of them (chosen by userid), so the
 * records follow the checkin domain's punches (demo history and punches added later alike).
 */
import { err, invalidParameter } from '../../core/errors/index.js';
import { Rng } from '../../core/runtime/rng.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import { defineRoutes, type Domain } from '../types.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface CheckinDevice { device_sn: string; device_name: string }

export class HardwareState {
  readonly devices: CheckinDevice[] = [];
  /** The device a member punches on (stable per userid). */
  deviceOf(userid: string): CheckinDevice | undefined {
    if (!this.devices.length) return undefined;
    let h = 0;
    for (const c of userid) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    return this.devices[h % this.devices.length];
  }
}

const MAX_SPAN = 30 * 86_400;

export const hardwareRoutes = defineRoutes({
  hardware_get_hardware_checkin_data: (ctx) => {
    // Device checkin data belongs to 打卡: its system secret and its 可调用接口的应用; others → 48002.
    if (!mayCallArea(ctx.corp, ctx.token, 'checkin')) throw err('API_FORBIDDEN');
    const b = ctx.body;
    if (b.endtime < b.starttime) throw invalidParameter('endtime is earlier than starttime');
    if (b.endtime - b.starttime > MAX_SPAN) throw err('CHECKIN_TIME_RANGE_TOO_LONG');
    const hw = ctx.corp.domains.hardware;
    const out: Array<{ userid: string; checkin_time: number; device_sn: string; device_name: string }> = [];
    for (const u of b.useridlist) {
      const m = ctx.corp.domains.contacts.getUser(u);
      if (!m) throw err('USERID_NOT_FOUND', { message: 'userid not found' });
      const dev = hw.deviceOf(m.userid);
      if (!dev) continue;
      let punches = ctx.corp.domains.checkin.punchesOf(m.userid, b.starttime, b.endtime).filter((p) => p.checkin_type !== '外出打卡');
      if (b.filter_type === 2) {
        // First and last punch of each day (UTC+8, WeCom's day).
        const byDay = new Map<number, typeof punches>();
        for (const p of punches) {
          const day = chinaDayStart(p.checkin_time);
          byDay.set(day, [...(byDay.get(day) ?? []), p]);
        }
        punches = [...byDay.values()].flatMap((d) => (d.length > 1 ? [d[0]!, d[d.length - 1]!] : d));
      }
      for (const p of punches) out.push({ userid: m.userid, checkin_time: p.checkin_time, device_sn: dev.device_sn, device_name: dev.device_name });
    }
    out.sort((a, b2) => a.checkin_time - b2.checkin_time);
    return { checkindata: out };
  },
});

/** 智慧硬件 — punches recorded by checkin devices. */
export const hardwareDomain: Domain<'hardware', HardwareState> = {
  name: 'hardware',
  state: (seed, corp) => {
    const s = new HardwareState();
    if (corp.scenario === 'empty') return s;
    const rng = new Rng(`${corp.seed}:${seed.corpid}:hardware`);
    s.devices.push({ device_sn: rng.string(12, '0123456789ABCDEF'), device_name: '前台打卡机' }, { device_sn: rng.string(12, '0123456789ABCDEF'), device_name: '侧门打卡机' });
    return s;
  },
  routes: hardwareRoutes,
};

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(HardwareState);
