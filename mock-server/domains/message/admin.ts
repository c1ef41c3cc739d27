/**
 * Control plane of messaging (spec tag mock-admin): members' inboxes, the simulated template-card click,
 * group robots and interface licenses. Behaviour lives in domains/message; this file maps HTTP to it.
 */
import { OPERATIONS } from '../../spec/generated/operations.js';
import type { MockApp, Corp } from '../app.js';
import { clickTemplateCard, createRobot, inboxOf, MessageAdminError, robotView, setUnlicensed } from '../domains/message/index.js';
import { SimulationError } from '../domains/callbacks/index.js';

type AdminResult = { status?: number; body: unknown };
/** A control-plane handler (admin/index.ts calls it). */
export type MessageAdminHandler = (a: { params: Record<string, string>; query: Record<string, string>; body: Record<string, unknown> }) => AdminResult;
/** Builds the admin error of admin/index.ts (passed in so this file does not import it back). */
export type AdminFail = (status: number, code: string, message: string) => Error;

const WEBHOOK_PATH = OPERATIONS.find((o) => o.operationId === 'webhook_send')?.path ?? '';

/** The messaging part of the control plane. */
export function createMessageAdmin(app: MockApp, fail: AdminFail): Record<string, MessageAdminHandler> {
  const corpOf = (corpid: unknown): Corp => {
    const corp = typeof corpid === 'string' ? app.registry.get(corpid) : undefined;
    if (!corp) throw fail(404, 'corp_not_found', `no corp ${JSON.stringify(corpid)}; GET /__mock/corps lists them`);
    return corp;
  };
  const guard = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof MessageAdminError || e instanceof SimulationError) throw fail(e.status, e.code, e.message);
      throw e;
    }
  };

  return {
    mock_inbox: ({ query }) => {
      if (query['corpid'] === undefined || query['userid'] === undefined) throw fail(400, 'bad_parameter', 'corpid and userid are required');
      const corp = corpOf(query['corpid']);
      const m = corp.domains.contacts.getUser(query['userid']);
      if (!m) throw fail(404, 'user_not_found', `corp ${corp.corpid} has no member ${query['userid']}`);
      return { body: { userid: m.userid, messages: inboxOf(corp, m.userid) } };
    },
    mock_simulate_template_card_click: ({ body }) => {
      const corp = corpOf(body['corpid']);
      return {
        status: 201,
        body: guard(() =>
          clickTemplateCard(corp, {
            msgid: String(body['msgid']),
            userid: String(body['userid']),
            key: body['key'] as string | undefined,
            selected: body['selected'] as Record<string, string[]> | undefined,
          }),
        ),
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
      return { body: { unlicensed: guard(() => setUnlicensed(corp, (body['unlicensed'] as string[] | undefined) ?? [])) } };
    },
  };
}
