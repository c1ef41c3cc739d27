/**
 * ID 转换 — temporary external user ids (tmp_external_userid) that meetings, collection forms and smart sheets
 * hand an app, converted back for that app.
 */
import type { Domain } from '../types.js';
import { IdconvertState as State } from './state.js';
import { idconvertRoutes } from './routes.js';
import { idconvertAdmin } from './admin.js';

export type { TmpTarget } from './state.js';

export const idconvertDomain: Domain<'idconvert', State> = {
  name: 'idconvert',
  state: () => new State(),
  routes: idconvertRoutes,
  mount: (host) => ({ admin: idconvertAdmin(host) }),
};
