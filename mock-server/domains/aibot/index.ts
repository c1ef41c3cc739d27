/** What other modules may use of AI bots (智能机器人): the state, the bot view and the long connection. */
import type { Domain } from '../types.js';
import { deliveryEngineOf } from '../callbacks/index.js';
import { AibotState as State } from './state.js';
import { aibotAdmin, botView } from './admin.js';
import { aibotRoutes } from './routes.js';
import { aibotTasks } from './conversation.js';
import { LongConnections } from './ws.js';

export { AibotState } from './state.js';
export type { Bot, BotMode, Stream } from './state.js';
export { botView } from './admin.js';

/** 智能机器人 — AI bots: JSON callbacks, stream replies, response_url and the long connection. */
export const aibotDomain: Domain<'aibot', State> = {
  name: 'aibot',
  state: () => new State(),
  routes: aibotRoutes,
  tasks: aibotTasks,
  mount: (host) => {
    const ws = new LongConnections(host.registry, host.log);
    return { admin: aibotAdmin(host, deliveryEngineOf(host.registry), ws), upgrades: [ws.upgrade] };
  },
  credentials: (corp) => ({ aibots: [...corp.domains.aibot.bots.values()].map((b) => botView(b, false)) }),
};
