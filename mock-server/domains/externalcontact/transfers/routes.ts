/** Handlers of transfers: on-job and resigned customer transfers, unassigned customers, group chat transfers (doc path/92125, 94088, 94081, 94082, 92124, 92127, 95703). */
import { err } from '../../../core/errors/index.js';
import { userKey } from '../../contacts/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { chatEvent } from '../events.js';
import { externalUseridOf } from '../ids.js';
import { pageOf } from '../paging.js';
import { callerOf, customerByExternalUseridFor, featureMember, requireCustomerContact } from '../rules.js';
import { TRANSFER_WINDOW_MS, TRANSFERS_PER_WINDOW, type Transfer } from './state.js';
import { startTransfer } from './writes.js';
import { ERRCODES } from '../../../../spec/generated/errcodes.js';

/** A member who left: deleted from contacts while still following customers (or recorded when deleted). */
function isResigned(ctx: Ctx, userid: string): boolean {
  return ctx.corp.domains.contacts.getUser(userid) === undefined;
}

function transferRows(ctx: Ctx, kind: Transfer['kind'], handover: string, takeover: string, cursor: string | undefined) {
  const s = ctx.corp.domains.externalcontact;
  const all = s.transfers.list.filter((t) => t.kind === kind && userKey(t.handover) === userKey(handover) && userKey(t.takeover) === userKey(takeover));
  const { rows, next } = pageOf(ctx, all, cursor, 1000);
  const caller = callerOf(ctx);
  return { customer: rows.map((t) => ({ external_userid: externalUseridOf(s, s.customers.get(t.customerId)!, caller), status: t.status, takeover_time: t.takeover_time })), next_cursor: next };
}

function transferCustomers(ctx: Ctx, kind: Transfer['kind'], handoverId: string, takeoverId: string, ids: string[]) {
  const s = ctx.corp.domains.externalcontact;
  const taker = featureMember(ctx, takeoverId);
  let handover: string;
  if (kind === 'onjob') handover = featureMember(ctx, handoverId).userid;
  else {
    // The handover member must have left (errcode 40097).
    if (!isResigned(ctx, handoverId)) throw err('USER_NOT_RESIGNED');
    handover = s.transfers.resigned.get(userKey(handoverId))?.userid ?? handoverId;
  }
  if (userKey(handover) === userKey(taker.userid)) throw err('HANDOVER_TAKEOVER_SAME_USER');
  const now = ctx.clock.nowMs();
  const customer = ids.map((id) => {
    const c = customerByExternalUseridFor(ctx, id);
    const row = (name: keyof typeof ERRCODES) => ({ external_userid: id, errcode: ERRCODES[name] });
    if (!c) return row('INVALID_EXTERNAL_USERID');
    if (!c.follows.has(userKey(handover))) return row('NOT_EXTERNAL_CONTACT');
    if (s.transfers.pending.has(c.id)) return row('CUSTOMER_TRANSFER_IN_PROGRESS');
    if (kind === 'onjob') {
      const recent = s.transfers.list.filter((t) => t.kind === 'onjob' && t.customerId === c.id && t.status !== 3 && now - t.startedMs < TRANSFER_WINDOW_MS).length;
      if (recent >= TRANSFERS_PER_WINDOW) return row('CUSTOMER_TRANSFER_TOO_FREQUENT');
    }
    startTransfer(ctx.corp, kind, c.id, handover, taker.userid);
    return { external_userid: id, errcode: 0 };
  });
  return { customer };
}

type ChatFail = { chat_id: string; errcode: number; errmsg: string };

function transferChats(ctx: Ctx, resigned: boolean, chatIds: string[], newOwner: string): { failed_chat_list: ChatFail[] } {
  const s = ctx.corp.domains.externalcontact;
  const owner = featureMember(ctx, newOwner);
  const failed_chat_list: ChatFail[] = [];
  const fail = (chat_id: string, name: keyof typeof ERRCODES, errmsg: string) => failed_chat_list.push({ chat_id, errcode: ERRCODES[name], errmsg });
  for (const id of chatIds) {
    const chat = s.chats.get(id);
    if (!chat || chat.dismissed) {
      fail(id, 'NOT_CUSTOMER_GROUPCHAT', 'chat is not external group chat');
      continue;
    }
    const gone = isResigned(ctx, chat.owner);
    if (resigned && !gone) {
      fail(id, 'GROUPCHAT_OWNER_NOT_RESIGNED', 'the owner of this chat is not resigned');
      continue;
    }
    if (!resigned && gone) {
      fail(id, 'GROUPCHAT_OWNER_RESIGNED', 'the owner of this chat is resigned');
      continue;
    }
    if (userKey(chat.owner) === userKey(owner.userid)) {
      fail(id, 'GROUPCHAT_OWNER_UNCHANGED', 'the new owner is the owner');
      continue;
    }
    chat.owner = owner.userid;
    // groupchat/list status 3: transferred (doc path/92120).
    if (resigned) chat.status = 3;
    ctx.emit(chatEvent(chat.chat_id, 'update', { UpdateDetail: 'change_owner' }));
  }
  return { failed_chat_list };
}

/** The two transfers (在职 and 离职继承) take the same bodies and answer alike. */
type TransferBody = { handover_userid: string; takeover_userid: string; external_userid: string[] };
type ResultBody = { handover_userid: string; takeover_userid: string; cursor?: string | undefined };
const transferOf = (kind: Transfer['kind']) => (ctx: Ctx & { body: TransferBody }) => {
  requireCustomerContact(ctx);
  return transferCustomers(ctx, kind, ctx.body.handover_userid, ctx.body.takeover_userid, ctx.body.external_userid);
};
const resultOf = (kind: Transfer['kind']) => (ctx: Ctx & { body: ResultBody }) => {
  requireCustomerContact(ctx);
  return transferRows(ctx, kind, ctx.body.handover_userid, ctx.body.takeover_userid, ctx.body.cursor);
};

export const transfersRoutes = defineRoutes({
  externalcontact_transfer_customer: transferOf('onjob'),
  externalcontact_transfer_result: resultOf('onjob'),
  externalcontact_resigned_transfer_customer: transferOf('resigned'),
  externalcontact_resigned_transfer_result: resultOf('resigned'),
  externalcontact_get_unassigned_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const contacts = ctx.corp.domains.contacts;
    const caller = callerOf(ctx);
    const rows: Array<{ handover_userid: string; external_userid: string; dimission_time: number }> = [];
    for (const c of s.customers.values()) {
      if (s.transfers.pending.has(c.id)) continue;
      for (const [k, f] of c.follows) {
        if (contacts.getUser(f.userid)) continue;
        rows.push({ handover_userid: f.userid, external_userid: externalUseridOf(s, c, caller), dimission_time: s.transfers.resigned.get(k)?.dimission_time ?? 0 });
      }
    }
    const { rows: page, next } = pageOf(ctx, rows, ctx.body.cursor, ctx.body.page_size ?? 1000);
    return { info: page, is_last: next === '', next_cursor: next };
  },
  externalcontact_groupchat_transfer: (ctx) => {
    requireCustomerContact(ctx);
    return transferChats(ctx, true, ctx.body.chat_id_list, ctx.body.new_owner);
  },
  externalcontact_groupchat_onjob_transfer: (ctx) => {
    requireCustomerContact(ctx);
    return transferChats(ctx, false, ctx.body.chat_id_list, ctx.body.new_owner);
  },
});

