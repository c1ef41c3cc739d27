/** Rule groups the admin console creates, for the control plane (doc path/94883, 94890, 94882). */
import { AdminError } from '../../../core/control/kit.js';
import type { Corp } from '../../types.js';
import type { TagGroup } from '../state.js';
import type { Strategy } from './state.js';

export function createStrategy(corp: Corp, kind: Strategy['kind'], name: string, groups: Array<{ group_name: string; tags?: string[] }> = []): Strategy {
  const s = corp.domains.externalcontact;
  if (kind === 'moment' && groups.length > 0) throw new AdminError(400, 'bad_body', 'moment strategies have no tags');
  const now = corp.clock.nowSec();
  const st: Strategy = { strategy_id: s.strategies.nextId(), kind, strategy_name: name, tagGroups: new Map() };
  groups.forEach((g, i) => {
    const group_id = `et${corp.rng.string(30)}`;
    const tg: TagGroup = { group_id, group_name: g.group_name, order: i + 1, create_time: now, tags: new Map(), owner: null };
    (g.tags ?? []).forEach((name, j) => {
      const id = `et${corp.rng.string(30)}`;
      tg.tags.set(id, { id, name, order: j + 1, create_time: now, group_id });
    });
    st.tagGroups.set(group_id, tg);
  });
  s.strategies.byId.set(st.strategy_id, st);
  return st;
}
