/** 审批 handlers: templates, applications, the legacy and third-party reads (doc path/91982, 97437, 97438, 91853, 91816, 91983, 91530, 90269). */
import { err } from '../../core/errors/index.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import { cursorScope, offsetPage } from '../../core/pipeline/cursor.js';
import { userKey } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { bad, buildFlow, checkApplyData, checkTemplate } from './rules.js';
import type { Application } from './state.js';
import { nextSpNo, recordApplication } from './writes.js';
import { advancedRoutes } from './advanced.js';
import { vacationRoutes } from './vacation.js';
import { guard } from './access.js';
import { drawUnused } from '../../core/runtime/rng.js';


const sec = (v: number | string, what: string): number => {
  const n = typeof v === 'number' ? v : /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) bad(`${what} is not a unix time`);
  return n;
};

/** Applications made in [start, end], at most 31 days apart (doc path/91816, 91530). */
function inWindow(ctx: Ctx, start: number, end: number): Application[] {
  if (end < start || end - start > 31 * 86_400) bad('the time window is over 31 days or reversed');
  return [...ctx.corp.domains.approval.applications.values()].filter((a) => a.apply_time >= start && a.apply_time <= end).sort((a, b) => a.apply_time - b.apply_time || a.sp_no.localeCompare(b.sp_no));
}

function templateOf(ctx: Ctx, id: string) {
  const t = ctx.corp.domains.approval.templates.get(id);
  if (!t) throw err('INVALID_TEMPLATE_ID');
  return t;
}

function detailOf(a: Application) {
  return {
    sp_no: a.sp_no,
    sp_name: a.sp_name,
    sp_status: a.status,
    template_id: a.template_id,
    apply_time: a.apply_time,
    applyer: { ...a.applyer },
    sp_record: a.nodes.map((n) => ({
      sp_status: n.status,
      approverattr: n.apv_rel,
      details: n.users.map((u) => ({ approver: { userid: u.userid }, speech: u.speech, sp_status: u.status, sptime: u.time, media_id: [] })),
    })),
    notifyer: a.notifyer.map((userid) => ({ userid })),
    apply_data: { contents: a.contents.map((c) => ({ control: c.control, id: c.id, title: c.title.map((t) => ({ ...t })), value: { tips: [], members: [], departments: [], files: [], children: [], stat_field: [], ...structuredClone(c.value) } })) },
    comments: a.comments.map((c) => ({ commentUserInfo: { userid: c.userid }, commenttime: c.time, commentcontent: c.content, commentid: c.commentid, media_id: [] })),
    process_list: {
      node_list: [
        ...a.nodes.map((n) => ({ node_type: n.type, sp_status: n.status, apv_rel: n.apv_rel, sub_node_list: n.users.map((u) => ({ userid: u.userid, speech: u.speech, sp_yj: u.status, sptime: u.time, media_ids: [] })) })),
        ...(a.notifyer.length ? [{ node_type: 2, sp_status: a.status, apv_rel: 1, sub_node_list: a.notifyer.map((userid) => ({ userid, speech: '', sp_yj: 1, sptime: 0, media_ids: [] })) }] : []),
      ],
    },
  };
}

export const approvalRoutes = defineRoutes({
  ...advancedRoutes,
  ...vacationRoutes,

  oa_gettemplatedetail: (ctx) => {
    guard(ctx);
    const t = templateOf(ctx, ctx.body.template_id);
    const vac = t.controls.find((c) => c.property.control === 'Vacation');
    return {
      template_names: t.names.map((n) => ({ ...n })),
      template_content: { controls: structuredClone(t.controls) as never },
      ...(vac && { vacation_list: structuredClone((vac.config?.['vacation_list'] ?? { item: [] }) as never) }),
    };
  },

  oa_approval_create_template: (ctx) => {
    guard(ctx);
    const s = ctx.corp.domains.approval;
    if (s.templates.size >= 1000) throw err('APPROVAL_TEMPLATE_LIMIT_REACHED');
    const { names, controls } = checkTemplate(ctx.body.template_name, ctx.body.template_content.controls, s.vacations);
    const template_id = drawUnused(() => s.rng.string(44), s.templates);
    s.templates.set(template_id, { template_id, names, controls, flow: undefined, createdByApi: true });
    return { template_id };
  },

  oa_approval_update_template: (ctx) => {
    guard(ctx);
    const t = templateOf(ctx, ctx.body.template_id);
    const { names, controls } = checkTemplate(ctx.body.template_name, ctx.body.template_content.controls, ctx.corp.domains.approval.vacations);
    t.names = names;
    t.controls = controls;
    return {};
  },

  oa_applyevent: (ctx) => {
    guard(ctx);
    const b = ctx.body;
    const s = ctx.corp.domains.approval;
    const creator = ctx.corp.domains.contacts.getUser(b.creator_userid);
    if (!creator) throw err('USERID_NOT_FOUND');
    const t = templateOf(ctx, b.template_id);
    const party = b.choose_department ?? creator.main_department;
    if (!creator.department.includes(party)) bad(`choose_department ${party} is not a department of the creator`);
    let flowInput;
    if (b.use_template_approver === 1) {
      if (!t.flow) bad('the template has no flow of its own: use_template_approver 0 with process');
      flowInput = t.flow;
    } else {
      const nodes = b.process?.node_list;
      if (!nodes?.length) bad('process.node_list is required when use_template_approver is 0');
      flowInput = nodes.map((n) => ({ type: (n.type ?? 1) as 1 | 2 | 3, apv_rel: (n.apv_rel ?? 1) as 1 | 2, userid: n.userid ?? [] }));
    }
    const flow = buildFlow(ctx.corp, flowInput);
    const { contents, vacation } = checkApplyData(ctx.corp, t, b.apply_data.contents ?? [], s.vacations);
    if (vacation) {
      const key = userKey(creator.userid);
      // The same member cannot be on leave twice at once (301079).
      const overlap = [...s.applications.values()].some((a) => a.vacation && a.status <= 2 && userKey(a.applyer.userid) === key && a.vacation.begin < vacation.end && vacation.begin < a.vacation.end);
      if (overlap) throw err('VACATION_TIME_CONFLICT');
      const type = s.vacations.find((v) => v.id === vacation.vacation_id)!;
      if (type.quota && s.quotaOf(key, type).leftduration < vacation.duration) bad(`the member's balance of ${type.name} is too low`);
    }
    const now = Math.floor(ctx.clock.nowMs() / 1000);
    const a: Application = {
      sp_no: nextSpNo(ctx.corp.domains.approval, now),
      template_id: t.template_id,
      sp_name: t.names[0]?.text ?? '',
      status: 1,
      apply_time: now,
      applyer: { userid: creator.userid, partyid: String(party) },
      nodes: flow.nodes,
      notifyer: flow.notifyer,
      contents,
      comments: [],
      vacation,
    };
    recordApplication(ctx.corp, a);
    return { sp_no: a.sp_no };
  },

  oa_getapprovalinfo: (ctx) => {
    guard(ctx);
    const b = ctx.body;
    const start = sec(b.starttime, 'starttime');
    const end = sec(b.endtime, 'endtime');
    const size = b.size || 100;
    if (size > 100) bad('size is over 100');
    const filters = b.filters ?? [];
    let list = inWindow(ctx, start, end);
    for (const f of filters) {
      const v = f.value ?? '';
      switch (f.key) {
        case 'template_id':
          list = list.filter((a) => a.template_id === v);
          break;
        case 'creator':
          list = list.filter((a) => userKey(a.applyer.userid) === userKey(v));
          break;
        case 'department':
          list = list.filter((a) => a.applyer.partyid === v);
          break;
        case 'sp_status':
          list = list.filter((a) => String(a.status) === v);
          break;
        case 'record_type':
          break;
        default:
          bad(`filters key ${JSON.stringify(f.key)}`);
      }
    }
    const scope = cursorScope(ctx, `oa_getapprovalinfo:${start}:${end}:${JSON.stringify(filters)}`);
    const { page, next_cursor } = offsetPage(ctx, b.new_cursor, list, size, { scope, badCursor: () => bad('new_cursor is not a cursor of this query') });
    return { sp_no_list: page.map((a) => a.sp_no), new_next_cursor: next_cursor };
  },

  oa_getapprovaldetail: (ctx) => {
    guard(ctx);
    const a = ctx.corp.domains.approval.applications.get(String(ctx.body.sp_no));
    if (!a) bad(`no application ${ctx.body.sp_no}`);
    return { info: detailOf(a) };
  },

  corp_getapprovaldata: (ctx) => {
    guard(ctx);
    const b = ctx.body;
    const all = inWindow(ctx, b.starttime, b.endtime);
    const after = b.next_spnum === undefined || b.next_spnum === '' || b.next_spnum === 0 ? undefined : String(b.next_spnum);
    const rest = after === undefined ? all : all.slice(all.findIndex((a) => a.sp_no === after) + 1);
    const page = rest.slice(0, 100);
    const c = ctx.corp.domains.contacts;
    const name = (u: string): string => c.getUser(u)?.name ?? u;
    const data = page.map((a) => {
      const comm: Record<string, unknown> = {};
      for (const x of a.contents) comm[x.id] = { title: x.title[0]?.text ?? '', type: x.control.toLowerCase(), value: x.value['text'] ?? x.value['new_money'] ?? x.value['new_number'] ?? '' };
      const money = a.contents.find((x) => x.control === 'Money');
      const row = {
        spname: a.sp_name,
        apply_name: name(a.applyer.userid),
        apply_org: ctx.corp.corpName,
        approval_name: a.nodes.flatMap((n) => n.users.map((u) => name(u.userid))),
        notify_name: a.notifyer.map(name),
        sp_status: a.status,
        sp_num: a.sp_no,
        mediaids: [],
        apply_time: a.apply_time,
        apply_user_id: a.applyer.userid,
        comm: { apply_data: JSON.stringify(comm) },
        // The legacy shape adds `leave` for leave requests and `expense` for expense claims (doc path/91530).
        ...(a.vacation && { leave: { timeunit: 0, leave_type: a.vacation.vacation_id, start_time: a.vacation.begin, end_time: a.vacation.end, duration: Math.round(a.vacation.duration / 3600), reason: '' } }),
        ...(money && { expense: { expense_type: 1, reason: '', item: [{ expenseitem_type: 6, time: a.apply_time, sums: Math.round(Number(money.value['new_money'] ?? 0) * 100), reason: '' }] } }),
      };
      return row;
    });
    return { count: data.length, total: rest.length, next_spnum: page.length ? Number(page[page.length - 1]!.sp_no) : 0, data };
  },

  corp_getopenapprovaldata: (ctx) => {
    const o = ctx.corp.domains.approval.open.get(ctx.body.thirdNo);
    // The flow's own app or the 审批 secret may read it (doc path/90269).
    if (!(o && ctx.app?.agentid === o.agentid) && !mayCallArea(ctx.corp, ctx.token, 'approval')) throw err('APPROVAL_NO_PRIVILEGE');
    if (!o) bad(`no application with thirdNo ${ctx.body.thirdNo}`);
    const c = ctx.corp.domains.contacts;
    const party = (u: string): string => c.departments.get(c.getUser(u)?.main_department ?? 0)?.name ?? '';
    return {
      data: {
        ThirdNo: o.thirdNo,
        OpenTemplateId: o.open_template_id,
        OpenSpName: o.open_sp_name,
        OpenSpstatus: o.status,
        ApplyTime: o.apply_time,
        ApplyUsername: c.getUser(o.applyer)?.name ?? o.applyer,
        ApplyUserParty: party(o.applyer),
        ApplyUserImage: '',
        ApplyUserId: o.applyer,
        ApprovalNodes: {
          ApprovalNode: o.nodes.map((n) => ({
            NodeStatus: n.status,
            NodeAttr: n.apv_rel,
            NodeType: n.type === 3 ? 2 : 1,
            Items: { Item: n.users.map((u) => ({ ItemName: c.getUser(u.userid)?.name ?? u.userid, ItemParty: party(u.userid), ItemImage: '', ItemUserId: u.userid, ItemStatus: u.status, ItemSpeech: u.speech, ItemOpTime: u.time })) },
          })),
        },
        NotifyNodes: { NotifyNode: o.notifyer.map((u) => ({ ItemName: c.getUser(u)?.name ?? u, ItemParty: party(u), ItemImage: '' })) },
      },
    };
  },
});
