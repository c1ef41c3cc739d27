/** What other modules may use of the archive's programs (会话内容存档 · 专区). */
import type { Domain } from '../types.js';
import { chatdataAdmin } from './admin.js';
import { chatdataRoutes, chatdataTasks } from './routes.js';
import { ChatdataState as State } from './state.js';

export { ChatdataState, ABILITIES } from './state.js';

/** 会话内容存档 · 专区 — programs over the archive; reads the archive through domains/msgaudit. */
export const chatdataDomain: Domain<'chatdata', State> = {
  name: 'chatdata',
  state: (seed, corp) => new State(`${corp.seed}:${seed.corpid}`),
  routes: chatdataRoutes,
  tasks: chatdataTasks,
  mount: (host) => ({ admin: chatdataAdmin(host) }),
};
