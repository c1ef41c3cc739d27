/**
 * Control plane of messaging (spec tag mock-admin): members' inboxes, the simulated template-card click,
 * group robots and interface licenses. Behaviour lives in domains/message; this file maps HTTP to it.
 */
import { OPERATIONS } from '../../../spec/generated/operations.js';
import { AdminError, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';
import { clickTemplateCard, createRobot, inboxOf, robotView, setUnlicensed } from './index.js';

const WEBHOOK_PATH = OPERATIONS.find((o) => o.operationId === 'webhook_send')?.path ?? '';

/** The messaging part of the control plane. */
export function messageAdmin(host: MockHost): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);

  return {
    mock_inbox: ({ query }) => {
      if (query['corpid'] === undefined || query['userid'] === undefined) throw new AdminError(400, 'bad_parameter', 'corpid and userid are required');
      const corp = corpOf(query['corpid']);
      const m = corp.domains.contacts.getUser(query['userid']);
      if (!m) throw new AdminError(404, 'user_not_found', `corp ${corp.corpid} has no member ${query['userid']}`);
      return { body: { userid: m.userid, messages: inboxOf(corp, m.userid) } };
    },
    mock_simulate_template_card_click: ({ body }) => {
      const corp = corpOf(body['corpid']);
      return {
        status: 201,
        body: clickTemplateCard(corp, {
          msgid: String(body['msgid']),
          userid: String(body['userid']),
          key: body['key'] as string | undefined,
          selected: body['selected'] as Record<string, string[]> | undefined,
        }),
      };
    },
    mock_robots_list: ({ params }) => {
      const corp = corpOf(params['corpid']);
      return { body: { robots: [...corp.domains.message.robots.values()].map((r) => robotView(r, WEBHOOK_PATH)) } };
    },
    mock_robots_create: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const robot = createRobot(corp, body['name'] as string | undefined, body['disabled'] === true);
      return { status: 201, body: robotView(robot, WEBHOOK_PATH) };
    },
    mock_licenses_set: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      return { body: { unlicensed: setUnlicensed(corp, (body['unlicensed'] as string[] | undefined) ?? []) } };
    },
  };
}
