/** 安全管理 handlers: operation logs in time windows, file / screenshot records, trusted devices, security seats. */
import { err } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { areaState } from '../../core/tenancy/access.js';
import { defineRoutes, defineTasks, type Ctx } from '../types.js';
import type { OperLog, SecurityState, TrustedDevice } from './state.js';

const DAY = 86_400;

/** 安全管理 answers its system secret and its 可调用接口的应用; others → 48002. */
function sec(ctx: Ctx): SecurityState {
  return areaState(ctx, 'security');
}

/** The window rule of the log APIs: end not before start, at most `days` long (701100). */
function window(start: number, end: number, days: number): void {
  if (end < start || end - start > days * DAY) throw err('AUDIT_LOG_INVALID_TIME_RANGE');
}

/** A page of `all` from the position the cursor holds; a foreign or made-up cursor → 701105. */
function page<T>(ctx: Ctx, all: T[], cursor: string | undefined, limit: number | undefined, max: number): { page: T[]; next_cursor: string; has_more: boolean } {
  const n = limit ?? max;
  if (n < 1 || n > max) throw err('AUDIT_LOG_LIMIT_TOO_LARGE');
  return offsetPage(ctx, cursor, all, n, { badCursor: 'AUDIT_LOG_INVALID_CURSOR' });
}

/** A page of the admin or member operation log: a window of at most 7 days, narrowed to oper_type and userid when given. */
function operLogs(
  ctx: Ctx,
  log: (s: SecurityState) => OperLog[],
  b: { start_time: number; end_time: number; oper_type?: number | undefined; userid?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): { page: OperLog[]; next_cursor: string; has_more: boolean } {
  const s = sec(ctx);
  window(b.start_time, b.end_time, 7);
  const hits = log(s).filter((l) => l.time >= b.start_time && l.time <= b.end_time && (b.oper_type === undefined || l.oper_type === b.oper_type) && (b.userid === undefined || l.userid === b.userid));
  return page(ctx, hits, b.cursor, b.limit, 100);
}

function checkUsers(list: string[] | undefined): void {
  // At most 100 userids per call (701102, AUDIT_LOG_TOO_MANY_USERS).
  if (list && list.length > 100) throw err('AUDIT_LOG_TOO_MANY_USERS');
}

/** Two devices are the same machine when a hardware id they both report matches. */
function sameDevice(a: TrustedDevice, b: TrustedDevice): boolean {
  if (a.motherboard_uuid && a.motherboard_uuid === b.motherboard_uuid) return true;
  if (a.seq_no && a.seq_no === b.seq_no) return true;
  return a.mac_addr.some((m) => b.mac_addr.includes(m));
}

const DOMAINS = [
  { domain: 'qyapi.weixin.qq.com', universal_domian: 'weixin.qq.com', protocol: 'TCP', port: [443], is_necessary: 1, description: '企业微信服务端 API' },
  { domain: 'work.weixin.qq.com', universal_domian: 'work.weixin.qq.com', protocol: 'TCP', port: [443, 80], is_necessary: 1, description: '企业微信客户端登录与管理后台' },
  { domain: 'wework.qpic.cn', universal_domian: 'qpic.cn', protocol: 'TCP', port: [443, 80], is_necessary: 0, description: '头像与图片' },
];

export const securityRoutes = defineRoutes({
  security_admin_oper_log_list: (ctx) => {
    const p = operLogs(ctx, (s) => s.adminLogs, ctx.body);
    return { has_more: p.has_more, next_cursor: p.next_cursor, record_list: p.page.map((l) => ({ time: l.time, userid: l.userid, oper_type: l.oper_type, detail_type: l.detail_type ?? 0, detail_info: l.detail_info, ip: l.ip })) };
  },
  security_member_oper_log_list: (ctx) => {
    const p = operLogs(ctx, (s) => s.memberLogs, ctx.body);
    return { has_more: p.has_more, next_cursor: p.next_cursor, record_list: p.page.map((l) => ({ time: l.time, userid: l.userid, oper_type: l.oper_type, detail_info: l.detail_info, ip: l.ip })) };
  },
  security_get_file_oper_record: (ctx) => {
    const s = sec(ctx);
    const b = ctx.body;
    window(b.start_time, b.end_time, 14);
    checkUsers(b.userid_list);
    const type = b.operation?.type;
    const source = b.operation?.source;
    if (type !== undefined && (type < 101 || type > 113)) throw err('AUDIT_LOG_INVALID_OPERATION_TYPE');
    if (source !== undefined && (source < 401 || source > 406)) throw err('AUDIT_LOG_INVALID_OPERATION_SOURCE');
    const users = b.userid_list?.length ? new Set(b.userid_list) : undefined;
    const hits = s.fileRecords.filter((r) => r.time >= b.start_time && r.time <= b.end_time && (!users || users.has(r.userid)) && (type === undefined || r.operation.type === type) && (source === undefined || r.operation.source === source));
    const p = page(ctx, hits, b.cursor, b.limit, 1000);
    return { has_more: p.has_more, next_cursor: p.next_cursor, record_list: p.page.map((r) => ({ ...r, operation: { ...r.operation } })) };
  },
  security_get_screen_oper_record: (ctx) => {
    const s = sec(ctx);
    const b = ctx.body;
    window(b.start_time, b.end_time, 14);
    checkUsers(b.userid_list);
    const users = b.userid_list?.length ? new Set(b.userid_list) : undefined;
    const depts = b.department_id_list?.length ? new Set(b.department_id_list) : undefined;
    const hits = s.screenRecords.filter((r) => r.time >= b.start_time && r.time <= b.end_time && (!users || users.has(r.userid)) && (!depts || depts.has(r.department_id)) && (b.screen_shot_type === undefined || r.screen_shot_type === b.screen_shot_type));
    const p = page(ctx, hits, b.cursor, b.limit, 1000);
    return { has_more: p.has_more, next_cursor: p.next_cursor, record_list: p.page.map((r) => ({ ...r })) };
  },
  security_get_server_domain_ip: (ctx) => {
    sec(ctx);
    return { domain_list: DOMAINS.map((d) => ({ ...d, port: [...d.port] })) };
  },
  security_trustdevice_import: (ctx) => {
    const s = sec(ctx);
    const list = ctx.body.device_list;
    if (!list.length || list.length > 100) throw err('INVALID_PARAMETER', { message: 'device_list must hold 1 to 100 devices' });
    const result = list.map((d, i) => {
      const dev: TrustedDevice = { device_code: '', system: d.system ?? '', mac_addr: d.mac_addr ?? [], motherboard_uuid: d.motherboard_uuid, harddisk_uuid: d.harddisk_uuid ?? [], seq_no: d.seq_no, domain: d.domain, pc_name: d.pc_name };
      const valid = dev.system === 'Windows' ? dev.mac_addr.length > 0 && (!!dev.motherboard_uuid || dev.harddisk_uuid.length > 0) : dev.system === 'Mac' ? !!dev.seq_no : false;
      if (!valid) return { device_index: i + 1, status: 3 };
      const dup = s.devices.find((x) => sameDevice(x, dev));
      if (dup) return { device_index: i + 1, duplicated_device_code: dup.device_code, status: 2 };
      dev.device_code = s.rng.string(7);
      s.devices.push(dev);
      return { device_index: i + 1, device_code: dev.device_code, status: 1 };
    });
    return { result };
  },
  security_vip_list: (ctx) => {
    const { page: p, next_cursor } = offsetPage(ctx, ctx.body.cursor || undefined, sec(ctx).vip, ctx.body.limit ?? 100);
    return { has_more: next_cursor !== '', next_cursor, userid_list: p };
  },
  security_vip_submit_batch_add_job: (ctx) => submit(ctx, true),
  security_vip_submit_batch_del_job: (ctx) => submit(ctx, false),
});

/** Unknown (or, for a removal, seatless) members are answered at once; the others change 1 mock second later. */
function submit(ctx: Ctx & { body: { userid_list: string[] } }, add: boolean): { jobid: string; invalid_userid_list: string[] } {
  const s = sec(ctx);
  const list = ctx.body.userid_list;
  if (!list.length || list.length > 100) throw err('INVALID_PARAMETER', { message: 'userid_list must hold 1 to 100 userids' });
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const u of list) {
    const m = ctx.corp.domains.contacts.getUser(u);
    if (!m || (!add && !s.vip.includes(m.userid))) invalid.push(u);
    else valid.push(m.userid);
  }
  const jobid = s.rng.string(22);
  ctx.corp.timers.at(ctx.clock.nowMs() + 1000, `security vip job ${jobid}`, 'security.vip', { valid, add });
  return { jobid, invalid_userid_list: invalid };
}

/** Scheduled work: a VIP job applies a second after it was submitted. */
export const securityTasks = defineTasks({
  'security.vip': (corp, a: { valid: string[]; add: boolean }) => {
    const s = corp.domains.security;
    for (const u of a.valid) {
      const i = s.vip.indexOf(u);
      if (a.add && i < 0) s.vip.push(u);
      if (!a.add && i >= 0) s.vip.splice(i, 1);
    }
  },
});
