/**
 * Demo data of the customer-contact sub-areas, built once every domain state exists (the manifest's
 * corpCreated), from the customers the corp has: for typical and large corps a customer and a moment rule
 * group and a corp mass message that the first member with customers has sent (results per customer);
 * every corp gets an acquisition quota. Ids come from an Rng of its own so other domains' seeded output stays
 * byte-identical; an empty corp gets no demo rows.
 */
import { Rng } from '../../core/runtime/rng.js';
import type { Corp } from '../types.js';
import type { MassTask } from './mass-messages/state.js';

const YEAR = 365 * 86400;

export function seedDemo(corp: Corp): void {
  const s = corp.domains.externalcontact;
  const now = corp.clock.nowSec();
  // The acquisition quota is a purchase, not demo content: every corp starts with one batch (mock choice of the figures).
  s.acquisition.quota.push({ expire_date: now + YEAR, total: 1000, balance: 1000 });
  if (corp.scenario === 'empty') return;
  const rng = new Rng(`${corp.seed}:${corp.corpid}:externalcontact-demo`);
  const group_id = `et${rng.string(30)}`;
  const tagId = `et${rng.string(30)}`;
  const strategy = s.strategies.nextId();
  s.strategies.byId.set(strategy, {
    strategy_id: strategy,
    kind: 'customer',
    strategy_name: '销售规则组',
    tagGroups: new Map([[group_id, { group_id, group_name: '客户等级', order: 1, create_time: now, owner: null, tags: new Map([[tagId, { id: tagId, name: '重点客户', order: 1, create_time: now, group_id }]]) }]]),
  });
  const momentStrategy = s.strategies.nextId();
  s.strategies.byId.set(momentStrategy, { strategy_id: momentStrategy, kind: 'moment', strategy_name: '朋友圈规则组', tagGroups: new Map() });
  // A corp mass message sent yesterday by the first member who has customers.
  for (const m of corp.domains.contacts.users.values()) {
    const ids = s.customersOf(m.userid.toLowerCase()).slice(0, 5);
    if (ids.length === 0) continue;
    const sent = now - 86400;
    const task: MassTask = { userid: m.userid, status: 2, send_time: sent, recipients: ids.map((ref) => ({ ref, status: 1, send_time: sent })) };
    const msgid = `msg${rng.string(26)}`;
    s.mass.byId.set(msgid, {
      msgid,
      chat_type: 'single',
      creator: m.userid,
      create_type: 0,
      create_time: sent - 3600,
      allow_select: false,
      text: { content: '新品上市，欢迎咨询' },
      attachments: [],
      tasks: new Map([[m.userid.toLowerCase(), task]]),
      cancelled: false,
      reminders: [],
    });
    break;
  }
}
