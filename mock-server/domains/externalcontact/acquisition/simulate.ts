/** Acquisition links and the customers who come through them, for the control plane (doc path/97297, 97305). */
import { AdminError } from '../../../core/control/kit.js';
import { userKey } from '../../contacts/index.js';
import type { Corp } from '../../types.js';
import { CORP_CALLER, customerByExternalUserid } from '../ids.js';
import { simulateCustomerAdd, type SimOutcome } from '../simulate.js';

export function createLink(corp: Corp, linkName: string, userids: string[]): { link_id: string; url: string } {
  const s = corp.domains.externalcontact;
  const users = userids.map((u) => {
    const m = corp.domains.contacts.getUser(u);
    if (!m) throw new AdminError(404, 'user_not_found', `corp ${corp.corpid} has no member ${u}`);
    return m.userid;
  });
  const link_id = `cawcde${corp.rng.string(20)}`;
  const url = `https://work.weixin.qq.com/ca/${link_id}`;
  s.acquisition.links.set(link_id, { link_id, link_name: linkName, url, userids: users, create_time: corp.clock.nowSec() });
  return { link_id, url };
}

/** A customer arrives through a link: one unit of quota, a relationship with the member, a session key. */
export function arriveThroughLink(corp: Corp, input: { link_id: string; userid?: string; state?: string; name?: string }): SimOutcome {
  const s = corp.domains.externalcontact;
  const link = s.acquisition.links.get(input.link_id);
  if (!link) throw new AdminError(404, 'link_not_found', `corp ${corp.corpid} has no acquisition link ${input.link_id}`);
  const userid = input.userid ?? link.userids[0]!;
  if (!link.userids.some((u) => userKey(u) === userKey(userid))) throw new AdminError(409, 'not_in_link', `member ${userid} is not a member of link ${link.link_id}`);
  const now = corp.clock.nowSec();
  const batch = s.acquisition.quota.find((q) => q.expire_date > now && q.balance > 0);
  if (!batch) throw new AdminError(409, 'no_quota', `corp ${corp.corpid} has no acquisition quota left`);
  const out = simulateCustomerAdd(corp, { userid, ...(input.name !== undefined && { name: input.name }), add_way: 16 });
  batch.balance--;
  const externalUserid = String(out.result['external_userid']);
  const c = customerByExternalUserid(s, externalUserid, CORP_CALLER)!;
  const chat_key = corp.rng.string(32);
  const row = { customerId: c.id, userid, chat_status: 0 as const, state: input.state ?? '', chat_key, recv_msg_cnt: 0 };
  let rows = s.acquisition.customers.get(link.link_id);
  if (!rows) s.acquisition.customers.set(link.link_id, (rows = []));
  rows.push(row);
  s.acquisition.byChatKey.set(chat_key, { link_id: link.link_id, row });
  return { result: { ...out.result, chat_key }, event: out.event };
}
