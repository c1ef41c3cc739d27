/** Control plane of 互联企业: link another corp of the registry to a corp, sharing some of its directory. */
import { AdminError, appOf, corpPair, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';

export function linkedcorpAdmin(host: MockHost): AdminRoutes {
  return {
    mock_linkedcorp_link: ({ body }) => {
      const [corp, linked] = corpPair(host.registry, body['corpid'], body['linked_corpid'], 'a corp cannot be linked to itself');
      const agentid = body['agentid'] === undefined ? undefined : appOf(corp, body['agentid']).agentid;
      const userids = (body['userids'] as string[] | undefined) ?? [];
      const department_ids = (body['department_ids'] as number[] | undefined) ?? (userids.length === 0 ? [1] : []);
      const contacts = linked.domains.contacts;
      const badUser = userids.find((u) => !contacts.getUser(u));
      if (badUser !== undefined) throw new AdminError(400, 'unknown_member', `corp ${linked.corpid} has no member ${badUser}`);
      const badDept = department_ids.find((d) => !contacts.departments.has(d));
      if (badDept !== undefined) throw new AdminError(400, 'unknown_department', `corp ${linked.corpid} has no department ${badDept}`);
      const s = corp.domains.linkedcorp;
      const linked_id = s.links.find((l) => l.corpid === linked.corpid)?.linked_id ?? `wl${corp.rng.hex(16)}`;
      s.links.push({ linked_id, corpid: linked.corpid, agentid, userids: userids.map((u) => contacts.getUser(u)!.userid), department_ids });
      return { status: 201, body: { linked_id, corpid: corp.corpid, linked_corpid: linked.corpid } };
    },
  };
}
