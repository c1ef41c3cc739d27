/**
 * 审批 writes shared by the handlers, the control plane and the seed: submit an application, decide a step,
 * and the callbacks each change sends (sys_approval_change, doc path/91815; open_approval_change, doc path/90269).
 */
import { AdminError } from '../../core/control/kit.js';
import { userKey } from '../contacts/index.js';
import type { Corp } from '../types.js';
import type { Application, FlowNode, OpenApplication, SpStatus } from './state.js';
import { chinaDate } from '../../core/runtime/china-day.js';

/** StatuChangeEvent of sys_approval_change (doc path/91815): 1 提单, 2 同意, 3 驳回. */
type ChangeEvent = 1 | 2 | 3;

/** sp_no: the day (China time) and a 4-digit sequence of that day, as WeCom numbers applications. */
export function nextSpNo(s: { daySeq: Map<string, number> }, atSec: number): string {
  const day = chinaDate(atSec).replace(/-/g, '');
  const n = (s.daySeq.get(day) ?? 0) + 1;
  s.daySeq.set(day, n);
  return `${day}${String(n).padStart(4, '0')}`;
}

/** The apps that hear of approvals: those callable for the area 审批 (the 审批 app's own callback is not modelled). */
function approvalApps(corp: Corp): number[] {
  return [...(corp.areas.get('approval')?.callable ?? [])].sort((a, b) => a - b);
}

function sysApprovalEvent(corp: Corp, a: Application, change: ChangeEvent): void {
  const party = a.applyer.partyid;
  const info = {
    SpNo: a.sp_no,
    SpName: a.sp_name,
    SpStatus: a.status,
    TemplateId: a.template_id,
    ApplyTime: a.apply_time,
    Applyer: { UserId: a.applyer.userid, Party: party },
    SpRecord: a.nodes.map((n) => ({
      SpStatus: n.status,
      ApproverAttr: n.apv_rel,
      Details: n.users.map((u) => ({ Approver: { UserId: u.userid }, Speech: u.speech, SpStatus: u.status, SpTime: u.time })),
    })),
    Notifyer: a.notifyer.map((u) => ({ UserId: u })),
    StatuChangeEvent: change,
  };
  for (const agentid of approvalApps(corp)) corp.events.push(corp.clock.nowMs(), { Event: 'sys_approval_change', AgentID: agentid, ApprovalInfo: info });
}

function openApprovalEvent(corp: Corp, o: OpenApplication): void {
  const c = corp.domains.contacts;
  const party = (userid: string): string => c.departments.get(c.getUser(userid)?.main_department ?? 0)?.name ?? '';
  const pending = o.nodes.findIndex((n) => n.status === 1);
  corp.events.push(corp.clock.nowMs(), {
    Event: 'open_approval_change',
    AgentID: o.agentid,
    ApprovalInfo: {
      ThirdNo: o.thirdNo,
      OpenSpName: o.open_sp_name,
      OpenTemplateId: o.open_template_id,
      OpenSpStatus: o.status,
      ApplyTime: o.apply_time,
      ApplyUserName: c.getUser(o.applyer)?.name ?? o.applyer,
      ApplyUserId: o.applyer,
      ApplyUserParty: party(o.applyer),
      ApplyUserImage: '',
      ApprovalNodes: {
        ApprovalNode: o.nodes.map((n) => ({
          NodeStatus: n.status,
          NodeAttr: n.apv_rel,
          NodeType: n.type === 3 ? 2 : 1,
          Items: { Item: n.users.map((u) => ({ ItemName: c.getUser(u.userid)?.name ?? u.userid, ItemUserId: u.userid, ItemImage: '', ItemStatus: u.status, ItemSpeech: u.speech, ItemOpTime: u.time })) },
        })),
      },
      NotifyNodes: { NotifyNode: o.notifyer.map((u) => ({ ItemName: c.getUser(u)?.name ?? u, ItemUserId: u, ItemImage: '' })) },
      approverstep: pending < 0 ? o.nodes.length : pending,
    },
  });
}

/** Stores a new application and tells the approval apps (StatuChangeEvent 1 提单). */
export function recordApplication(corp: Corp, a: Application): void {
  corp.domains.approval.applications.set(a.sp_no, a);
  sysApprovalEvent(corp, a, 1);
}

/** One approver acts on the pending node: 或签 passes the node on one approval, 会签 on all; a rejection ends the flow. */
function act(nodes: FlowNode[], userid: string, approve: boolean, speech: string, at: number): SpStatus {
  const node = nodes.find((n) => n.status === 1);
  const me = node?.users.find((u) => userKey(u.userid) === userKey(userid) && u.status === 1);
  if (!node || !me) throw new AdminError(409, 'not_current_approver', `${userid} is not an approver of the pending step`);
  Object.assign(me, { status: approve ? 2 : 3, speech, time: at });
  if (!approve) {
    node.status = 3;
    return 3;
  }
  if (node.apv_rel === 1 || node.users.every((u) => u.status === 2)) node.status = 2;
  return nodes.every((n) => n.status === 2) ? 2 : 1;
}

/** The control plane's decision on an application's pending step (the approver acts in the WeCom client). */
export function decide(corp: Corp, spNo: string, userid: string, approve: boolean, speech: string): Application {
  const s = corp.domains.approval;
  const a = s.applications.get(spNo);
  if (!a) throw new AdminError(404, 'approval_not_found', `corp ${corp.corpid} has no application ${spNo}`);
  if (a.status !== 1) throw new AdminError(409, 'not_pending', `application ${spNo} is no longer pending (sp_status ${a.status})`);
  a.status = act(a.nodes, userid, approve, speech, Math.floor(corp.clock.nowMs() / 1000));
  // An approved leave takes its duration from the member's balance (doc path/93376: usedduration).
  if (a.status === 2 && a.vacation) {
    const type = s.vacations.find((v) => v.id === a.vacation!.vacation_id);
    if (type?.quota) {
      const q = s.quotaOf(userKey(a.applyer.userid), type);
      q.usedduration += a.vacation.duration;
      q.leftduration = Math.max(0, q.leftduration - a.vacation.duration);
    }
  }
  sysApprovalEvent(corp, a, approve ? 2 : 3);
  return a;
}

/** A member submits a third-party flow application (审批流程引擎) of an app; open_approval_change goes to that app. */
export function recordOpen(corp: Corp, o: OpenApplication): void {
  corp.domains.approval.open.set(o.thirdNo, o);
  openApprovalEvent(corp, o);
}

export function decideOpen(corp: Corp, thirdNo: string, userid: string, approve: boolean, speech: string): OpenApplication {
  const o = corp.domains.approval.open.get(thirdNo);
  if (!o) throw new AdminError(404, 'approval_not_found', `corp ${corp.corpid} has no third-party application ${thirdNo}`);
  if (o.status !== 1) throw new AdminError(409, 'not_pending', `application ${thirdNo} is no longer pending`);
  o.status = act(o.nodes, userid, approve, speech, Math.floor(corp.clock.nowMs() / 1000));
  openApprovalEvent(corp, o);
  return o;
}
