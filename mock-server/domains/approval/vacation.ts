/** 假期管理 — the corp's vacation types and members' balances (doc path/93375, 93376, 93377). */
import { err } from '../../core/errors/index.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import { userKey } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';

/** Vacation APIs take the 审批 secret or an app listed for 审批; others get 301062 (no vacation privilege). */
function guard(ctx: Ctx): void {
  if (!mayCallArea(ctx.corp, ctx.token, 'approval')) throw err('VACATION_NO_PRIVILEGE');
}

function oaBad(detail: string): never {
  throw err('OA_INVALID_PARAMETER', { message: `invalid parameter: ${detail}` });
}

export const vacationRoutes = defineRoutes({
  oa_vacation_getcorpconf: (ctx) => {
    guard(ctx);
    return {
      lists: ctx.corp.domains.approval.vacations.map((v) => ({
        id: v.id,
        name: v.name,
        time_attr: v.time_attr,
        duration_type: 0,
        quota_attr: { type: v.quota ? 1 : 0, autoreset_time: 0, autoreset_duration: v.initial, quota_rule_type: 0, quota_rules: { list: [], based_on_actual_work_time: false }, at_entry_date: false, auto_reset_month_day: 0 },
        perday_duration: 86_400,
        is_newovertime: 0,
        enter_comp_time_limit: 0,
        expire_rule: { type: 0, duration: 0, date: { month: 0, day: 0 }, extern_duration_enable: false, extern_duration: { month: 0, day: 0 } },
      })),
    };
  },

  oa_vacation_getuservacationquota: (ctx) => {
    guard(ctx);
    const m = ctx.corp.domains.contacts.getUser(ctx.body.userid);
    if (!m) throw err('USERID_NOT_FOUND');
    const s = ctx.corp.domains.approval;
    return {
      lists: s.vacations.map((v) => {
        const q = s.quotaOf(userKey(m.userid), v);
        return { id: v.id, ...q, vacationname: v.name, real_assignduration: q.assignduration };
      }),
    };
  },

  oa_vacation_setoneuserquota: (ctx) => {
    guard(ctx);
    const b = ctx.body;
    const m = ctx.corp.domains.contacts.getUser(b.userid);
    if (!m) throw err('USERID_NOT_FOUND');
    const s = ctx.corp.domains.approval;
    const v = s.vacations.find((x) => x.id === b.vacation_id);
    if (!v) oaBad(`vacation_id ${b.vacation_id}`);
    if (b.time_attr !== v.time_attr) oaBad(`time_attr of ${v.name} is ${v.time_attr}`);
    const unit = v.time_attr === 0 ? 86_400 : 3600;
    if (b.leftduration < 0 || b.leftduration % unit !== 0) oaBad(`leftduration must be a whole number of ${v.time_attr === 0 ? 'days (86400 s)' : 'hours (3600 s)'}`);
    if (b.remarks !== undefined && [...b.remarks].length > 200) oaBad('remarks is over 200 characters');
    const q = s.quotaOf(userKey(m.userid), v);
    q.leftduration = b.leftduration;
    q.assignduration = q.usedduration + q.leftduration;
    return {};
  },
});
