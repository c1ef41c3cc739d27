/**
 * 安全管理 state of a corp: operation logs (admin, member), file and screenshot records, trusted devices and
 * the 高级功能 security seats. A typical corp starts with a week of demo records drawn from its own rng.
 */
import { Rng } from '../../core/runtime/rng.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface OperLog { time: number; userid: string; oper_type: number; detail_type?: number; detail_info: string; ip: string }
export interface FileRecord { time: number; userid: string; operation: { type: number; source: number }; file_info: string; file_size: number; file_md5: string }
export interface ScreenRecord { time: number; userid: string; department_id: number; screen_shot_type: number; screen_shot_content: string; system: string }
export interface TrustedDevice {
  device_code: string;
  system: string;
  mac_addr: string[];
  motherboard_uuid?: string;
  harddisk_uuid: string[];
  seq_no?: string;
  domain?: string;
  pc_name?: string;
}

export class SecurityState {
  readonly adminLogs: OperLog[] = [];
  readonly memberLogs: OperLog[] = [];
  readonly fileRecords: FileRecord[] = [];
  readonly screenRecords: ScreenRecord[] = [];
  readonly devices: TrustedDevice[] = [];
  /** Members holding a security seat, in the order they got it. */
  readonly vip: string[] = [];
  constructor(readonly rng: Rng) {}
}

const ip = (r: Rng): string => `${r.range(1, 223)}.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`;

export function seedSecurity(s: SecurityState, members: Array<{ userid: string; department: number[] }>, nowSec: number, demo: boolean): SecurityState {
  if (!demo || !members.length) return s;
  const r = s.rng;
  const admin = members[0]!.userid;
  const systems = ['Windows', 'Mac', 'iOS', 'Android', 'iPad'];
  const contents = ['聊天', '文档', '邮件', '文件（防泄露文件：plan.pdf）'];
  for (let i = 0; i < 30; i++) {
    const m = r.pick(members);
    const t = nowSec - r.range(600, 6 * 86_400);
    s.adminLogs.push({ time: t, userid: admin, oper_type: r.range(1, 4), detail_type: r.range(1, 3), detail_info: `成员：${m.userid}`, ip: ip(r) });
    s.memberLogs.push({ time: t - r.range(1, 600), userid: m.userid, oper_type: r.range(1, 3), detail_info: r.pick(['登录', '导出通讯录', '修改密码']), ip: ip(r).replace(/\.\d+$/, '.*') });
    s.fileRecords.push({ time: t, userid: m.userid, operation: { type: r.range(101, 113), source: r.range(401, 406) }, file_info: `${r.digits(8)}.pdf`, file_size: r.range(1_000, 5_000_000), file_md5: r.hex(32) });
    s.screenRecords.push({ time: t, userid: m.userid, department_id: m.department[0] ?? 1, screen_shot_type: r.range(1, 4), screen_shot_content: r.pick(contents), system: r.pick(systems) });
  }
  for (const list of [s.adminLogs, s.memberLogs, s.fileRecords, s.screenRecords] as Array<Array<{ time: number }>>) list.sort((a, b) => b.time - a.time);
  s.vip.push(...members.slice(0, 2).map((m) => m.userid));
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(SecurityState);
