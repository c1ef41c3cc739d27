/**
 * Control plane of customer contact (spec tag mock-admin): the corp's customer-contact settings and the
 * simulations of customers and customer groups. Behaviour lives in domains/externalcontact.
 */
import { AdminError, corpOf as findCorp, intParam, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';
import {
  simulateCustomerAdd,
  simulateCustomerChange,
  simulateGroupChat,
  type CustomerAddInput,
  type CustomerChange,
  type GroupInput,
} from './simulate.js';
import { simulateMassSend } from './mass-messages/simulate.js';
import { simulateMomentInteract, simulateMomentPublish } from './moments/simulate.js';
import { refuseTransfer } from './transfers/writes.js';
import { createStrategy } from './strategies/simulate.js';
import { arriveThroughLink, createLink } from './acquisition/simulate.js';
import { CORP_CALLER, customerByExternalUserid, externalUseridOf, opengidOf } from './ids.js';
import type { Strategy } from './strategies/state.js';

export function externalcontactAdmin(host: MockHost): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);
  const settingsView = (corp: Corp) => {
    const s = corp.domains.externalcontact.settings;
    return {
      corpid: corp.corpid,
      console_welcome_msg: s.console_welcome_msg,
      callable_agentids: [...s.callable].sort((a, b) => a - b),
      members_without_feature: [...s.featureOff].map((k) => corp.domains.contacts.getUser(k)?.userid ?? k).sort(),
      contact_way_quota: s.contact_way_quota,
    };
  };
  /** Applies a simulation and emits its event (delivered like any domain event). */
  const run = (corp: Corp, f: () => { result: Record<string, unknown>; event: Record<string, unknown> }) => {
    const { result, event } = f();
    const logged = corp.events.push(corp.clock.nowMs(), event);
    return { status: 201, body: { ...result, seq: logged.seq, event } };
  };

  return {
    mock_customers_list: ({ params, query }) => {
      const corp = corpOf(params['corpid']);
      const s = corp.domains.externalcontact;
      const limit = intParam(query['limit'], 'limit') ?? 200;
      const userid = (key: string) => corp.domains.contacts.getUser(key)?.userid ?? key;
      const customers = [...s.customers.values()].slice(0, limit).map((c) => ({
        customer_id: c.id,
        external_userid: externalUseridOf(s, c, CORP_CALLER),
        name: c.name,
        type: c.type,
        corp_name: c.corp_name,
        follow_users: [...c.follows].map(([key, f]) => ({ userid: userid(key), remark: f.remark, createtime: f.createtime, add_way: f.add_way, state: f.state })),
      }));
      const groupchats = [...s.chats.values()].slice(0, limit).map((g) => ({
        chat_id: g.chat_id,
        name: g.name,
        owner: userid(g.owner),
        create_time: g.create_time,
        members: g.members.size,
        dismissed: g.dismissed,
      }));
      return { body: { customers, groupchats, total_customers: s.customers.size, total_groupchats: s.chats.size } };
    },
    mock_externalcontact_settings_get: ({ query }) => ({ body: settingsView(corpOf(query['corpid'])) }),
    mock_externalcontact_settings_update: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const s = corp.domains.externalcontact.settings;
      const agentids = body['callable_agentids'] as number[] | undefined;
      const bad = agentids?.find((a) => !corp.apps.has(a));
      if (bad !== undefined) throw new AdminError(400, 'app_not_found', `corp ${corp.corpid} has no app ${bad}`);
      const feature = (body['member_feature'] ?? {}) as Record<string, boolean>;
      const unknown = Object.keys(feature).find((u) => !corp.domains.contacts.getUser(u));
      if (unknown !== undefined) throw new AdminError(400, 'unknown_member', `member ${unknown} does not exist`);
      if (typeof body['console_welcome_msg'] === 'boolean') s.console_welcome_msg = body['console_welcome_msg'];
      if (agentids) s.callable = new Set(agentids);
      for (const [u, on] of Object.entries(feature)) {
        const key = corp.domains.contacts.getUser(u)!.userid.toLowerCase();
        if (on) s.featureOff.delete(key);
        else s.featureOff.add(key);
      }
      if (typeof body['contact_way_quota'] === 'number') s.contact_way_quota = body['contact_way_quota'];
      return { body: settingsView(corp) };
    },
    mock_simulate_customer_add: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const { corpid: _c, ...input } = body;
      return run(corp, () => simulateCustomerAdd(corp, input as CustomerAddInput));
    },
    mock_simulate_customer_change: ({ body }) => {
      const corp = corpOf(body['corpid']);
      return run(corp, () =>
        simulateCustomerChange(corp, {
          change: body['change'] as CustomerChange,
          userid: body['userid'] as string,
          external_userid: body['external_userid'] as string,
          ...(typeof body['name'] === 'string' && { name: body['name'] }),
        }),
      );
    },
    mock_simulate_group_chat: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const { corpid: _c, ...input } = body;
      return run(corp, () => simulateGroupChat(corp, input as unknown as GroupInput));
    },
      mock_externalcontact_groupmsg_send: ({ body }) => {
      const corp = corpOf(body['corpid']);
      return { body: simulateMassSend(corp, body['msgid'] as string, body['userid'] as string, body['external_userid'] as string[] | undefined) };
    },
    mock_externalcontact_moment_publish: ({ body }) => {
      const corp = corpOf(body['corpid']);
      simulateMomentPublish(corp, body['moment_id'] as string, body['userid'] as string);
      return { body: { moment_id: body['moment_id'] } };
    },
    mock_externalcontact_moment_interact: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const { corpid: _c, ...input } = body;
      return { status: 201, body: { create_time: simulateMomentInteract(corp, input as Parameters<typeof simulateMomentInteract>[1]) } };
    },
    mock_externalcontact_transfer_refuse: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const s = corp.domains.externalcontact;
      const c = customerByExternalUserid(s, body['external_userid'] as string, CORP_CALLER);
      if (!c) throw new AdminError(404, 'customer_not_found', `corp ${corp.corpid} has no customer ${String(body['external_userid'])}`);
      const t = s.transfers.pending.get(c.id);
      if (!t) throw new AdminError(409, 'no_pending_transfer', `customer ${String(body['external_userid'])} has no transfer waiting`);
      return run(corp, () => ({ result: {}, event: refuseTransfer(corp, t) }));
    },
    mock_externalcontact_strategy_create: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const st = createStrategy(corp, body['kind'] as Strategy['kind'], body['strategy_name'] as string, body['tag_groups'] as Array<{ group_name: string; tags?: string[] }> | undefined);
      const tag_groups = [...st.tagGroups.values()].map((g) => ({ group_id: g.group_id, group_name: g.group_name, tag: [...g.tags.values()].map((t) => ({ id: t.id, name: t.name })) }));
      return { status: 201, body: { strategy_id: st.strategy_id, tag_groups } };
    },
    mock_externalcontact_acquisition_link_create: ({ body }) => {
      const corp = corpOf(body['corpid']);
      return { status: 201, body: createLink(corp, body['link_name'] as string, body['userids'] as string[]) };
    },
    mock_externalcontact_acquisition_customer: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const { corpid: _c, ...input } = body;
      return run(corp, () => arriveThroughLink(corp, input as Parameters<typeof arriveThroughLink>[1]));
    },
    mock_externalcontact_opengid: ({ query }) => {
      const corp = corpOf(query['corpid']);
      const s = corp.domains.externalcontact;
      const chat = s.chats.get(String(query['chat_id']));
      if (!chat) throw new AdminError(404, 'chat_not_found', `corp ${corp.corpid} has no customer group ${String(query['chat_id'])}`);
      return { body: { opengid: opengidOf(s, chat.chat_id) } };
    },
  };
}
