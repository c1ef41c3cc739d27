/** Handlers of corp mass messages (企业群发): create, list, tasks, per-customer results, cancel, remind (doc path/92135, 93338). */
import { err, found } from '../../../core/errors/index.js';
import { userKey } from '../../contacts/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { externalUseridOf } from '../ids.js';
import { createdIn, pageOf } from '../paging.js';
import { attachmentsOf, callerOf, customerByExternalUseridFor, featureMember, requireCustomerContact, userOut } from '../rules.js';
import type { Customer } from '../state.js';
import { MONTHLY_MASS_LIMIT, type MassMessage, type MassTask } from './state.js';
import { chinaDate } from '../../../core/runtime/china-day.js';

const ATTACHMENT_TYPES = new Set(['image', 'link', 'miniprogram', 'video', 'file']);

function monthKey(sec: number): string {
  return chinaDate(sec).slice(0, 7);
}

function messageOf(ctx: Ctx, msgid: string): MassMessage {
  return found(ctx.corp.domains.externalcontact.mass.byId.get(msgid), 'INVALID_GROUP_MSG_ID');
}

/** Does the customer carry a tag of every group of the filter (a tag of a group's list; groups are ANDed)? */
function matchesTags(c: Customer, groups: Array<{ tag_list?: string[] }> | undefined): boolean {
  if (!groups || groups.length === 0) return true;
  const tags = new Set<string>();
  for (const f of c.follows.values()) for (const t of f.tag_ids) tags.add(t);
  return groups.every((g) => !g.tag_list || g.tag_list.length === 0 || g.tag_list.some((t) => tags.has(t)));
}

export const massMessagesRoutes = defineRoutes({
  externalcontact_add_msg_template: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const atts = attachmentsOf(b, 'EMPTY_CONTENT');
    if (atts.length > 9) throw err('TOO_MANY_ATTACHMENTS');
    if (atts.some((a) => !ATTACHMENT_TYPES.has(a.msgtype ?? ''))) throw err('INVALID_ATTACHMENT_TYPE');
    const chatType = b.chat_type ?? 'single';
    const sender = b.sender ? featureMember(ctx, b.sender) : undefined;
    // Groups are sent by their owner: chat_type group needs a sender (doc path/92135).
    if (chatType === 'group' && !sender) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: sender required for chat_type group' });
    const now = ctx.clock.nowSec();
    const month = monthKey(now);
    const tasks = new Map<string, MassTask>();
    const taskOf = (userid: string): MassTask => {
      const k = userKey(userid);
      let t = tasks.get(k);
      if (!t) tasks.set(k, (t = { userid, status: 0, send_time: 0, recipients: [] }));
      return t;
    };
    const fail_list: string[] = [];
    if (chatType === 'single') {
      const caller = callerOf(ctx);
      let customers: Customer[];
      if (b.external_userid && b.external_userid.length > 0) {
        customers = [];
        for (const id of b.external_userid) {
          const c = customerByExternalUseridFor(ctx, id);
          const follows = c && (sender ? c.follows.has(userKey(sender.userid)) : c.follows.size > 0);
          if (c && follows) customers.push(c);
          else fail_list.push(id);
        }
      } else {
        customers = sender ? s.customersOf(userKey(sender.userid)).map((id) => s.customers.get(id)!) : [...s.customers.values()].filter((c) => c.follows.size > 0);
      }
      for (const c of customers) {
        if (!matchesTags(c, b.tag_filter?.group_list)) continue;
        const mk = `${c.id}|${month}`;
        if ((s.mass.monthly.get(mk) ?? 0) >= MONTHLY_MASS_LIMIT) {
          fail_list.push(externalUseridOf(s, c, caller));
          continue;
        }
        s.mass.monthly.set(mk, (s.mass.monthly.get(mk) ?? 0) + 1);
        // The sender sends it; without one, the member who added the customer first.
        const by = sender?.userid ?? [...c.follows.values()][0]!.userid;
        taskOf(by).recipients.push({ ref: c.id, status: 0, send_time: 0 });
      }
    } else {
      const owned = [...s.chats.values()].filter((c) => !c.dismissed && userKey(c.owner) === userKey(sender!.userid));
      const wanted = b.chat_id_list && b.chat_id_list.length > 0 ? new Set(b.chat_id_list) : undefined;
      for (const chat of owned) if (!wanted || wanted.has(chat.chat_id)) taskOf(sender!.userid).recipients.push({ ref: chat.chat_id, status: 0, send_time: 0 });
    }
    if (tasks.size === 0) throw err('NO_CUSTOMER_TO_SEND');
    const msgid = `msg${ctx.corp.rng.string(26)}`;
    s.mass.byId.set(msgid, {
      msgid,
      chat_type: chatType,
      creator: sender?.userid ?? '',
      create_type: 0,
      create_time: now,
      allow_select: b.allow_select ?? false,
      text: b.text?.content ? { content: b.text.content } : undefined,
      attachments: atts.map((a) => ({ ...a }) as MassMessage['attachments'][number]),
      tasks,
      cancelled: false,
      reminders: [],
    });
    return { fail_list, msgid };
  },

  externalcontact_get_groupmsg_list_v2: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    // At most a month between start and end (doc path/93338).
    const all = createdIn([...s.mass.byId.values()].filter((m) => m.chat_type === b.chat_type), b, 31);
    const { rows, next } = pageOf(ctx, all, b.cursor, b.limit ?? 50);
    return {
      next_cursor: next,
      group_msg_list: rows.map((m) => ({
        msgid: m.msgid,
        creator: userOut(ctx, m.creator),
        create_time: String(m.create_time),
        create_type: m.create_type,
        ...(m.text && { text: { content: m.text.content ?? '' } }),
        attachments: m.attachments as never,
      })),
    };
  },

  externalcontact_get_groupmsg_task: (ctx) => {
    requireCustomerContact(ctx);
    const m = messageOf(ctx, ctx.body.msgid);
    const { rows, next } = pageOf(ctx, [...m.tasks.values()], ctx.body.cursor, ctx.body.limit ?? 500);
    return { next_cursor: next, task_list: rows.map((t) => ({ userid: userOut(ctx, t.userid), status: t.status, ...(t.send_time && { send_time: t.send_time }) })) };
  },

  externalcontact_get_groupmsg_send_result: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const m = messageOf(ctx, b.msgid);
    const t = m.tasks.get(userKey(b.userid.trim()));
    const recipients = t?.recipients ?? [];
    const { rows, next } = pageOf(ctx, recipients, b.cursor?.trim() || undefined, b.limit ?? 500);
    const caller = callerOf(ctx);
    return {
      next_cursor: next,
      send_list: rows.map((r) => ({
        ...(m.chat_type === 'single' ? { external_userid: externalUseridOf(s, s.customers.get(r.ref)!, caller) } : { chat_id: r.ref }),
        userid: userOut(ctx, t!.userid),
        status: r.status,
        ...(r.send_time && { send_time: r.send_time }),
      })),
    };
  },

  externalcontact_cancel_groupmsg_send: (ctx) => {
    requireCustomerContact(ctx);
    messageOf(ctx, ctx.body.msgid).cancelled = true;
    return {};
  },

  externalcontact_remind_groupmsg_send: (ctx) => {
    requireCustomerContact(ctx);
    const m = messageOf(ctx, ctx.body.msgid);
    if (m.cancelled) throw err('GROUP_MSG_CANCELLED');
    const now = ctx.clock.nowMs();
    m.reminders = m.reminders.filter((t) => now - t < 24 * 3600_000);
    // Three reminders per message in 24 hours (doc path/97610).
    if (m.reminders.length >= 3) throw err('GROUP_MSG_REMIND_TOO_FREQUENT');
    m.reminders.push(now);
    return {};
  },
});
