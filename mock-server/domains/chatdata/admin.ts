/** Control plane of the archive's programs (spec tag mock-admin): what the programs hold and their task results. */
import { corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';

export function chatdataAdmin(host: MockHost): AdminRoutes {
  return {
    mock_chatdata_get: ({ params }) => {
      const corp = findCorp(host.registry, params['corpid']);
      const s = corp.domains.chatdata;
      const now = corp.clock.nowMs();
      return {
        body: {
          public_key_versions: s.publicKeys.map((k) => k.version),
          programs: [...s.programs.values()].map((p) => ({
            program_id: p.program_id,
            abilities: [...p.abilities],
            debug_mode: p.debug !== undefined && p.debug.untilMs > now,
            log_level: p.logLevel,
            receive_callback: p.receiveCallback,
          })),
          tasks: [...s.tasks.values()].map((t) => ({ jobid: t.jobid, program_id: t.program_id, ability_id: t.ability_id, done: t.settled, response_data: t.response ?? null })),
          hide_sensitiveinfo: Object.fromEntries(s.hide),
        },
      };
    },
  };
}
