/**
 * Control plane of 微信客服 (spec tag mock-admin): the corp's kf state, and a WeChat customer or a servicer
 * acting (simulate.ts). Behaviour lives in this domain; this file maps HTTP to it.
 */
import { AdminError, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import { userKey } from '../contacts/index.js';
import type { Corp, MockHost } from '../types.js';
import { customerEnters, customerSends, servicerSends } from './simulate.js';

function view(corp: Corp): Record<string, unknown> {
  const s = corp.domains.kf;
  return {
    accounts: [...s.accounts.values()].map((a) => ({
      open_kfid: a.open_kfid,
      name: a.name,
      avatar_media_id: a.avatarMediaId,
      servicers: [...a.servicers.values()].map((v) => ({ ...v })),
      department_ids: [...a.departments],
    })),
    customers: [...s.customers.values()].map((c) => ({ external_userid: c.external_userid, nickname: c.nickname, gender: c.gender, unionid: c.unionid })),
    sessions: [...s.sessions.values()].map((x) => ({
      open_kfid: x.open_kfid,
      external_userid: x.external_userid,
      service_state: x.state,
      servicer_userid: x.servicer ?? null,
      last_customer_msg_time: x.lastCustomerMsgMs === undefined ? null : Math.floor(x.lastCustomerMsgMs / 1000),
      replies_since_customer: x.repliesSinceCustomer,
    })),
    messages: s.messages.map((m) => ({ seq: m.seq, msgid: m.msgid, open_kfid: m.open_kfid, external_userid: m.external_userid, origin: m.origin, msgtype: m.msgtype, send_time: m.send_time })),
    sent: s.sent.map((m) => ({ msgid: m.msgid, open_kfid: m.open_kfid, touser: m.touser, msgtype: m.msgtype, content: m.content, via: m.via, send_time: Math.floor(m.atMs / 1000) })),
  };
}

/** The kf part of the control plane. */
export function kfAdmin(host: MockHost): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);
  return {
    mock_kf_get: ({ params }) => ({ body: view(corpOf(params['corpid'])) }),
    mock_simulate_kf: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const action = (body['action'] as string | undefined) ?? 'message';
      if (action === 'enter') return { status: 201, body: { ...customerEnters(corp, { ...body, open_kfid: body['open_kfid'] }) } };
      if (action === 'message') return { status: 201, body: { ...customerSends(corp, { ...body, open_kfid: body['open_kfid'] }) } };
      if (action === 'servicer_message') return { status: 201, body: { ...servicerSends(corp, body as { open_kfid: unknown; external_userid: unknown; content?: unknown }) } };
      // servicer_status: a servicer stops, suspends or resumes receiving (doc path/94645 status, stop_type).
      const a = corp.domains.kf.accounts.get(String(body['open_kfid']));
      if (!a) throw new AdminError(404, 'kf_account_not_found', `corp ${corp.corpid} has no kf account ${String(body['open_kfid'])}`);
      const sv = a.servicers.get(userKey(String(body['userid'] ?? '')));
      if (!sv) throw new AdminError(404, 'servicer_not_found', `${String(body['userid'])} is no direct servicer of ${a.open_kfid}`);
      sv.status = body['status'] === 1 ? 1 : 0;
      sv.stop_type = body['stop_type'] === 1 ? 1 : 0;
      return { status: 201, body: { ...sv } };
    },
  };
}
