/**
 * Control plane of 家校沟通: the sign-in code a parent's visit of a 家校 page would carry, and the ids of livings and
 * payment projects (WeCom lists them in no operation of the examples).
 */
import { AdminError, corpOf, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';

/** WeCom's sign-in codes live 5 minutes (oauth's code rule, errcode 40029 after). */
const CODE_TTL_MS = 5 * 60 * 1000;

export function schoolAdmin(host: MockHost): AdminRoutes {
  return {
    mock_school_state: ({ query }) => {
      const s = corpOf(host.registry, query['corpid']).domains.school;
      return {
        body: {
          livingids: [...s.livings.keys()],
          payment_ids: [...s.payments.keys()],
          arch_sync_mode: s.arch_sync_mode,
          upgrade_switch: s.upgrade_switch,
          upgrade_time: s.upgrade_time,
        },
      };
    },

    mock_school_code: ({ body }) => {
      const corp = corpOf(host.registry, body['corpid']);
      const s = corp.domains.school;
      const parent = s.parent(String(body['parent_userid'] ?? ''));
      if (!parent) throw new AdminError(400, 'unknown_parent', `corp ${corp.corpid} has no parent ${String(body['parent_userid'])}`);
      const code = corp.rng.hex(32);
      s.codes.set(code, { parent_userid: parent.parent_userid, expiresAtMs: corp.clock.nowMs() + CODE_TTL_MS });
      return { status: 201, body: { code, expires_in: CODE_TTL_MS / 1000 } };
    },
  };
}
