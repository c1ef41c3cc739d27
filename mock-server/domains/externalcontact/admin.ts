/**
 * Control plane of customer contact (spec tag mock-admin): the corp's customer-contact settings and the
 * simulations of customers and customer groups. Behaviour lives in domains/externalcontact.
 */
import { AdminError, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';
import {
  simulateCustomerAdd,
  simulateCustomerChange,
  simulateGroupChat,
  type CustomerAddInput,
  type CustomerChange,
  type GroupInput,
} from './simulate.js';

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
  };
}
