/**
 * Control plane of 企业互联 / 上下游: link a member corp under a parent, sharing one of the parent's apps,
 * and optionally put it in a chain. Both corps are real corps of the registry.
 */
import { AdminError, appOf, corpPair, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';
import { groupPrefixes } from './state.js';

export function corpgroupAdmin(host: MockHost): AdminRoutes {
  return {
    mock_corpgroup_link: ({ body }) => {
      const [parent, member] = corpPair(host.registry, body['parent_corpid'], body['member_corpid'], 'a corp cannot be its own member');
      const app = appOf(parent, body['agentid']);
      const memberApp = body['member_agentid'] === undefined ? [...member.apps.values()][0] : appOf(member, body['member_agentid']);
      if (!memberApp) throw new AdminError(400, 'no_app', `corp ${member.corpid} has no app to receive the share`);
      const ms = member.domains.corpgroup;
      if (ms.parent !== undefined && ms.parent !== parent.corpid) throw new AdminError(400, 'has_parent', `corp ${member.corpid} is already a member of ${ms.parent}`);
      const business_type = body['business_type'] === 0 ? 0 : 1;
      const ps = parent.domains.corpgroup;
      const shares = ps.shares.filter((s) => !(s.member_corpid === member.corpid && s.agentid === app.agentid && s.business_type === business_type));
      ps.shares.length = 0;
      ps.shares.push(...shares, { member_corpid: member.corpid, agentid: app.agentid, member_agentid: memberApp.agentid, business_type });
      ms.parent = parent.corpid;
      // The member corp's shared app hears of it (push/ShareAgentChange.xml).
      member.events.push(member.clock.nowMs(), { Event: 'share_agent_change', AgentID: memberApp.agentid });
      let chain_id: string | undefined;
      if (typeof body['chain_id'] === 'string') {
        chain_id = body['chain_id'];
        const chain = ps.chains.get(chain_id) ?? ps.newChain(chain_id, String(body['chain_name'] ?? chain_id));
        const group_path = String(body['group_path'] ?? '');
        const existing = [...chain.corps.values()].find((c) => c.corpid === member.corpid);
        const pending = existing?.pending_corpid ?? `wp${parent.rng.hex(16)}`;
        chain.corps.set(pending, { corpid: member.corpid, pending_corpid: pending, corp_name: member.corpName, custom_id: String(body['custom_id'] ?? ''), group_path });
        for (const g of groupPrefixes(group_path)) chain.groups.add(g);
      }
      return {
        status: 201,
        body: { parent_corpid: parent.corpid, member_corpid: member.corpid, agentid: app.agentid, member_agentid: memberApp.agentid, business_type, ...(chain_id && { chain_id }) },
      };
    },
  };
}
