/**
 * Control plane of 审批: an approver acts on an application's pending step, a member submits a third-party
 * flow application (审批流程引擎) and its approvers act, a member applies for an advanced feature.
 */
import { AdminError, corpOf, type AdminHandler, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';
import type { FlowNode } from './state.js';
import { decide, decideOpen, recordOpen } from './writes.js';

function decision(body: Record<string, unknown>): { userid: string; approve: boolean; speech: string } {
  const action = body['action'];
  if (action !== 'approve' && action !== 'reject') throw new AdminError(400, 'bad_body', 'action must be approve or reject');
  if (typeof body['userid'] !== 'string') throw new AdminError(400, 'bad_body', 'userid (the approver) is required');
  return { userid: body['userid'], approve: action === 'approve', speech: typeof body['speech'] === 'string' ? body['speech'] : '' };
}

function member(corp: Corp, userid: unknown): string {
  const m = typeof userid === 'string' ? corp.domains.contacts.getUser(userid) : undefined;
  if (!m) throw new AdminError(404, 'user_not_found', `corp ${corp.corpid} has no member ${String(userid)}`);
  return m.userid;
}

/**
 * An approver approves or rejects the pending step of the application the path names (`sp_no`, or a
 * third-party flow's `thirdNo`); the answer names it with its sp_status.
 */
function decider(
  host: MockHost,
  idParam: 'sp_no' | 'thirdNo',
  act: (corp: Corp, id: string, userid: string, approve: boolean, speech: string) => { status: number },
): AdminHandler {
  return ({ params, body }) => {
    const corp = corpOf(host.registry, params['corpid']);
    const d = decision(body);
    const id = params[idParam] ?? '';
    return { body: { [idParam]: id, sp_status: act(corp, id, d.userid, d.approve, d.speech).status } };
  };
}

export function approvalAdmin(host: MockHost): AdminRoutes {
  return {
    mock_approval_decide: decider(host, 'sp_no', decide),
    mock_open_approval_create: ({ params, body }) => {
      const corp = corpOf(host.registry, params['corpid']);
      const s = corp.domains.approval;
      const agentid = Number(body['agentid']);
      if (!corp.apps.has(agentid)) throw new AdminError(404, 'app_not_found', `corp ${corp.corpid} has no app ${String(body['agentid'])}`);
      const thirdNo = typeof body['thirdNo'] === 'string' && body['thirdNo'] ? body['thirdNo'] : s.rng.digits(12);
      if (s.open.has(thirdNo)) throw new AdminError(409, 'exists', `thirdNo ${thirdNo} is taken`);
      const approvers = Array.isArray(body['approvers']) ? (body['approvers'] as unknown[]) : [];
      if (approvers.length === 0) throw new AdminError(400, 'bad_body', 'approvers: at least one member');
      const nodes: FlowNode[] = approvers.map((u) => ({ type: 1, apv_rel: 1, status: 1, users: [{ userid: member(corp, u), status: 1, speech: '', time: 0 }] }));
      const o = {
        thirdNo,
        open_template_id: typeof body['open_template_id'] === 'string' ? body['open_template_id'] : s.rng.digits(10),
        open_sp_name: typeof body['open_sp_name'] === 'string' ? body['open_sp_name'] : '审批',
        status: 1 as const,
        apply_time: Math.floor(corp.clock.nowMs() / 1000),
        applyer: member(corp, body['applyer']),
        agentid,
        nodes,
        notifyer: (Array.isArray(body['notifyer']) ? (body['notifyer'] as unknown[]) : []).map((u) => member(corp, u)),
      };
      recordOpen(corp, o);
      return { status: 201, body: { thirdNo, sp_status: o.status } };
    },
    mock_open_approval_decide: decider(host, 'thirdNo', decideOpen),
    mock_advanced_apply_create: ({ params, body }) => {
      const corp = corpOf(host.registry, params['corpid']);
      const s = corp.domains.approval;
      const apply_id = `APPLY${s.rng.digits(16)}`;
      const business_type = body['business_type'] === undefined ? 1 : Number(body['business_type']);
      if (!Number.isInteger(business_type)) throw new AdminError(400, 'bad_body', 'business_type must be an integer');
      s.applies.set(apply_id, { apply_id, business_type, userid: member(corp, body['userid']), create_time: Math.floor(corp.clock.nowMs() / 1000), approval: undefined });
      return { status: 201, body: { apply_id } };
    },
  };
}
