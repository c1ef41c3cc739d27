/**
 * Statistics computed from the state (doc path/92132 联系客户统计, 92133 群聊数据统计): relationships created per
 * member and day, customer groups and their members per owner and day. The mock keeps no chat messages for
 * customer contact, so the message figures are 0.
 */
import { err } from '../../../core/errors/index.js';
import { userKey } from '../../contacts/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { chinaDayStart as dayStart } from '../../../core/runtime/china-day.js';
import { memberIn, requireCustomerContact, userOut } from '../rules.js';
import type { GroupChat } from '../state.js';

const DAY = 86400;
/** WeCom keeps 180 days of statistics and answers at most 30 days at once (doc path/92132, 92133). */
const KEPT_DAYS = 180;
const SPAN_DAYS = 30;

function checkRange(ctx: Ctx, begin: number, end: number): [number, number] {
  const from = dayStart(begin);
  const to = dayStart(end);
  const today = dayStart(ctx.clock.nowSec());
  if (to < from || to - from > SPAN_DAYS * DAY || from < today - KEPT_DAYS * DAY) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: time range' });
  return [from, to];
}

type ChatStats = { new_chat_cnt: number; chat_total: number; chat_has_msg: number; new_member_cnt: number; member_total: number; member_has_msg: number; msg_total: number; migrate_trainee_chat_cnt: number };

function chatStats(chats: GroupChat[], from: number, toExclusive: number): ChatStats {
  const out: ChatStats = { new_chat_cnt: 0, chat_total: 0, chat_has_msg: 0, new_member_cnt: 0, member_total: 0, member_has_msg: 0, msg_total: 0, migrate_trainee_chat_cnt: 0 };
  for (const c of chats) {
    if (c.create_time >= toExclusive) continue;
    out.chat_total++;
    if (c.create_time >= from) out.new_chat_cnt++;
    for (const m of c.members.values()) {
      if (m.join_time >= toExclusive) continue;
      out.member_total++;
      if (m.join_time >= from) out.new_member_cnt++;
    }
  }
  return out;
}

function ownersOf(ctx: Ctx, list: string[] | undefined): string[] {
  if (!list || list.length === 0) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: owner_filter.userid_list' });
  return list.map((u) => memberIn(ctx, u)?.userid ?? u);
}

const ORDER: Record<number, keyof ChatStats> = { 1: 'new_chat_cnt', 2: 'chat_total', 3: 'chat_has_msg', 4: 'new_member_cnt', 5: 'member_total' };

export const statisticsRoutes = defineRoutes({
  externalcontact_get_user_behavior_data: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    if (!b.userid?.length && !b.partyid?.length) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: userid or partyid required' });
    const [from, to] = checkRange(ctx, b.start_time, b.end_time);
    const contacts = ctx.corp.domains.contacts;
    const keys = new Set<string>();
    for (const u of b.userid ?? []) {
      const m = memberIn(ctx, u);
      if (m) keys.add(userKey(m.userid));
    }
    for (const p of b.partyid ?? []) for (const k of contacts.deptMembers.get(p) ?? []) keys.add(k);
    if (keys.size === 0) throw err('USERID_NOT_FOUND');
    const created: number[] = [];
    for (const k of keys) for (const id of s.customersOf(k)) created.push(s.customers.get(id)!.follows.get(k)!.createtime);
    const behavior_data = [];
    for (let day = from; day <= to; day += DAY) {
      const n = created.filter((t) => t >= day && t < day + DAY).length;
      behavior_data.push({ stat_time: day, chat_cnt: 0, message_cnt: 0, reply_percentage: 0, avg_reply_time: 0, negative_feedback_cnt: 0, new_apply_cnt: n, new_contact_cnt: n });
    }
    return { behavior_data };
  },

  externalcontact_groupchat_statistic: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const [from, to] = checkRange(ctx, b.day_begin_time, b.day_end_time ?? b.day_begin_time);
    const owners = ownersOf(ctx, b.owner_filter.userid_list);
    const chats = [...s.chats.values()].filter((c) => !c.dismissed);
    const items = owners.map((o) => ({ owner: userOut(ctx, o), data: chatStats(chats.filter((c) => userKey(c.owner) === userKey(o)), from, to + DAY) }));
    const key = ORDER[b.order_by ?? 1]!;
    items.sort((x, y) => (b.order_asc === 1 ? 1 : -1) * (x.data[key] - y.data[key]));
    const offset = b.offset ?? 0;
    const page = items.slice(offset, offset + (b.limit ?? 500));
    return { total: items.length, next_offset: offset + page.length, items: page };
  },

  externalcontact_groupchat_statistic_group_by_day: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const [from, to] = checkRange(ctx, b.day_begin_time, b.day_end_time ?? b.day_begin_time);
    const owners = new Set(ownersOf(ctx, b.owner_filter.userid_list).map(userKey));
    const chats = [...s.chats.values()].filter((c) => !c.dismissed && owners.has(userKey(c.owner)));
    const items = [];
    for (let day = from; day <= to; day += DAY) items.push({ stat_time: day, data: chatStats(chats, day, day + DAY) });
    return { items };
  },
});
