/** 家校沟通 departments, allow scope, sync and upgrade modes, sign-in codes, 班级收款 and 家校直播 statistics. */
import { err, invalidParameter, found } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { defineRoutes, type Ctx } from '../types.js';
import type { DeptAdmin, Living, Payment, SchoolDept, SchoolState, Viewer } from './state.js';
import { schoolOf } from './users.js';

/** A department as department/list answers it: the stored fields (the unset optional ones stay out), its admins (copied) as department_admins. */
function deptJson({ admins, ...d }: SchoolDept) {
  return { ...d, department_admins: admins.map((a) => ({ ...a })) };
}

function livingOf(s: SchoolState, livingid: string): Living {
  const l = s.livings.get(livingid);
  if (!l) throw invalidParameter('invalid livingid');
  return l;
}

function paymentOf(s: SchoolState, id: string): Payment {
  return found(s.payments.get(id), 'PAYMENT_ID_NOT_FROM_APP');
}

const PAGE = 100;

/** v1 pages: next_key is the offset as text (an unreadable key → 40058). */
function keyStart(key: string | undefined): number {
  if (!key) return 0;
  if (!/^\d+$/.test(key)) throw invalidParameter('invalid next_key');
  return Number(key);
}

/** A v2 page: an opaque cursor of this list (a foreign or made-up one → 40058, the documented invalid-parameter answer). */
function v2Page<T>(ctx: Ctx, cursor: string | undefined, all: readonly T[]): { page: T[]; has_more: 0 | 1; next_cursor: string } {
  const p = offsetPage(ctx, cursor, all, PAGE, { badCursor: () => invalidParameter('invalid next_cursor') });
  return { page: p.page, has_more: p.has_more ? 1 : 0, next_cursor: p.next_cursor };
}

/** Students of the living's classes who did not watch, each with a parent. */
function unwatched(s: SchoolState, l: Living): Array<{ student_userid: string; parent_userid: string; partyids: number[] }> {
  const watched = new Set(l.watched.map((w) => w.student_userid));
  const range = new Set(l.partyids.flatMap((p) => s.subtree(p)));
  return [...s.students.values()]
    .filter((st) => !watched.has(st.student_userid) && st.department.some((d) => range.has(d)))
    .map((st) => ({
      student_userid: st.student_userid,
      parent_userid: [...s.parents.values()].find((p) => p.children.some((c) => c.student_userid === st.student_userid))?.parent_userid ?? '',
      partyids: st.department.filter((d) => range.has(d)),
    }));
}

const stat = (v: Viewer) => ({ watch_time: v.watch_time, enter_time: v.enter_time, leave_time: v.leave_time, is_comment: v.is_comment });

export const schoolRoutes = defineRoutes({
  school_department_list: (ctx) => {
    const s = schoolOf(ctx);
    const id = ctx.query.id;
    if (id !== undefined && !s.departments.has(Number(id))) throw err('DEPARTMENT_NOT_FOUND');
    const ids = id === undefined ? [...s.departments.keys()] : s.subtree(Number(id));
    return { departments: ids.sort((a, b) => a - b).map((d) => deptJson(s.departments.get(d)!)) };
  },

  school_department_update: (ctx) => {
    const s = schoolOf(ctx);
    const b = ctx.body;
    const d = s.departments.get(b.id);
    if (!d) throw err('DEPARTMENT_NOT_FOUND');
    if (b.parentid !== undefined && (!s.departments.has(b.parentid) || s.subtree(b.id).includes(b.parentid))) throw err('PARENT_DEPARTMENT_NOT_FOUND');
    if (b.new_id !== undefined && b.new_id !== b.id && s.departments.has(b.new_id)) throw err('DEPARTMENT_EXISTED');
    if (b.standard_grade !== undefined && (b.standard_grade < 1 || b.standard_grade > 12)) throw err('SCHOOL_INVALID_STANDARD_GRADE');
    let admins: DeptAdmin[] = d.admins.map((a) => ({ ...a }));
    for (const a of b.department_admins ?? []) {
      if (a.type !== undefined && ![1, 2, 3, 4].includes(a.type)) throw err('SCHOOL_INVALID_ADMIN_TYPE');
      const member = a.userid ? ctx.corp.domains.contacts.getUser(a.userid) : undefined;
      if (!member) throw err('USERID_NOT_FOUND');
      admins = admins.filter((x) => x.userid !== member.userid || (a.type !== undefined && x.type !== a.type));
      if (a.op !== 1) admins.push({ userid: member.userid, type: (a.type ?? 4) as DeptAdmin['type'], ...(a.subject && { subject: a.subject }) });
    }
    const next: SchoolDept = {
      ...d,
      id: b.new_id ?? d.id,
      name: b.name ?? d.name,
      parentid: b.parentid ?? d.parentid,
      order: b.order ?? d.order,
      admins,
      ...(b.register_year !== undefined && { register_year: b.register_year }),
      ...(b.standard_grade !== undefined && { standard_grade: b.standard_grade }),
    };
    s.departments.delete(d.id);
    s.departments.set(next.id, next);
    if (next.id !== d.id) {
      for (const c of s.departments.values()) if (c.parentid === d.id) c.parentid = next.id;
      for (const st of s.students.values()) st.department = st.department.map((x) => (x === d.id ? next.id : x));
    }
    return {};
  },

  school_agent_get_allow_scope: (ctx) => {
    const s = schoolOf(ctx);
    const agentid = Number(ctx.query.agentid);
    if (!ctx.corp.apps.has(agentid)) throw err('INVALID_AGENTID');
    const scope = s.allowScope.get(agentid) ?? { students: [], partyids: s.classIds() };
    return { allow_scope: { students: { userid: [...scope.students] }, departments: { partyid: [...scope.partyids] } } };
  },

  school_set_arch_sync_mode: (ctx) => {
    const s = schoolOf(ctx);
    const mode = ctx.body.arch_sync_mode;
    if (mode !== 1 && mode !== 2) throw err('SCHOOL_INVALID_SYNC_MODE');
    s.arch_sync_mode = mode;
    return {};
  },

  school_set_upgrade_info: (ctx) => {
    const s = schoolOf(ctx);
    const { upgrade_time, upgrade_switch } = ctx.body;
    if (upgrade_switch !== undefined && upgrade_switch !== 1 && upgrade_switch !== 2) throw invalidParameter('upgrade_switch must be 1 or 2');
    if (upgrade_time !== undefined && upgrade_time <= ctx.clock.nowSec()) throw invalidParameter('upgrade_time must be in the future');
    if (upgrade_switch !== undefined) s.upgrade_switch = upgrade_switch;
    if (upgrade_time !== undefined) s.upgrade_time = upgrade_time;
    return { next_upgrade_time: s.upgrade_switch === 1 ? s.upgrade_time : 0 };
  },

  school_get_chat_create_mode: (ctx) => ({ create_mode: schoolOf(ctx).create_mode }),

  school_getuserinfo: (ctx) => {
    const s = ctx.corp.domains.school;
    const code = String(ctx.query.code);
    const rec = s.codes.get(code);
    if (!rec || rec.expiresAtMs <= ctx.clock.nowMs()) throw err('INVALID_OAUTH_CODE');
    s.codes.delete(code);
    return { parent_userid: rec.parent_userid, DeviceId: '' };
  },

  school_get_payment_result: (ctx) => {
    const p = paymentOf(schoolOf(ctx), ctx.body.payment_id);
    return {
      project_name: p.project_name,
      amount: p.amount,
      payment_result: p.trades.map((t) => ({ student_userid: t.student_userid, trade_state: t.trade_state, trade_no: t.trade_no, payer_parent_userid: t.payer_parent_userid })),
    };
  },

  school_get_trade: (ctx) => {
    const p = paymentOf(schoolOf(ctx), ctx.body.payment_id);
    const t = p.trades.find((x) => x.trade_no !== '' && x.trade_no === ctx.body.trade_no);
    if (!t) throw err('INVALID_TRADE_NO');
    return { transaction_id: t.transaction_id, pay_time: t.pay_time };
  },

  school_living_get_living_info: (ctx) => {
    const l = livingOf(schoolOf(ctx), String(ctx.query.livingid));
    return {
      living_info: {
        theme: l.theme,
        living_start: l.living_start,
        living_duration: l.living_duration,
        anchor_userid: l.anchor_userid,
        living_range: { partyids: [...l.partyids], group_names: [...l.group_names] },
        viewer_num: l.watched.length + l.visitors.length,
        comment_num: l.comment_num,
        open_replay: l.open_replay,
        push_stream_url: l.push_stream_url,
        // The living is over once its duration passed; nobody is online then.
        online_count: ctx.clock.nowSec() < l.living_start + l.living_duration ? l.watched.length : 0,
        subscribe_count: l.subscribe_count,
      },
    };
  },

  school_living_get_watch_stat: (ctx) => {
    const l = livingOf(schoolOf(ctx), ctx.body.livingid);
    const start = keyStart(ctx.body.next_key);
    const page = l.watched.slice(start, start + PAGE);
    const more = start + PAGE < l.watched.length;
    return {
      ending: more ? 0 : 1,
      next_key: more ? String(start + PAGE) : '',
      stat_infoes: {
        students: page.map((v) => ({ student_userid: v.student_userid, parent_userid: v.parent_userid, partyids: [...v.partyids], ...stat(v) })),
        visitors: start === 0 ? l.visitors.map((v) => ({ ...v })) : [],
      },
    };
  },

  school_living_get_unwatch_stat: (ctx) => {
    const s = schoolOf(ctx);
    const all = unwatched(s, livingOf(s, ctx.body.livingid));
    const start = keyStart(ctx.body.next_key);
    const more = start + PAGE < all.length;
    return { ending: more ? 0 : 1, next_key: more ? String(start + PAGE) : '', stat_info: { students: all.slice(start, start + PAGE) } };
  },

  school_living_get_watch_stat_v2: (ctx) => {
    const l = livingOf(schoolOf(ctx), ctx.body.livingid);
    const { page, has_more, next_cursor } = v2Page(ctx, ctx.body.next_cursor, l.watched);
    return {
      has_more,
      next_cursor,
      stat_info: {
        students: page.map((v) => ({ student_userid: v.student_userid, partyids: [...v.partyids], ...stat(v) })),
        parents: page.filter((v) => v.parent_userid).map((v) => ({ parent_userid: v.parent_userid, student_userid: v.student_userid, partyids: [...v.partyids], ...stat(v) })),
        visitors: !ctx.body.next_cursor ? l.visitors.map((v) => ({ ...v })) : [],
      },
    };
  },

  school_living_get_unwatch_stat_v2: (ctx) => {
    const s = schoolOf(ctx);
    const all = unwatched(s, livingOf(s, ctx.body.livingid));
    const { page, has_more, next_cursor } = v2Page(ctx, ctx.body.next_cursor, all);
    return {
      has_more,
      next_cursor,
      stat_info: {
        students: page.map((u) => ({ student_userid: u.student_userid, partyids: u.partyids })),
        parents: page.filter((u) => u.parent_userid).map((u) => ({ parent_userid: u.parent_userid, student_userid: u.student_userid, partyids: u.partyids })),
      },
    };
  },
});
