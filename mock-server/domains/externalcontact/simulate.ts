/**
 * Role `simulate.ts` — what the outside world does, for the control plane (`/__mock/*` simulations): a
 * customer adds a member, edits or deletes the relationship; group chats change. Each validates its input,
 * applies it to the state and returns the event to emit, like a WeCom-side action would. Errors are
 * AdminError (the control plane's 4xx), never errcodes: nothing here answers a WeCom API call.
 */
import { AdminError } from '../../core/control/kit.js';
import { userKey, type Member } from '../contacts/index.js';
import type { Corp } from '../types.js';
import { CORP_CALLER, customerByExternalUserid, externalUseridOf } from './ids.js';
import { contactEvent, chatEvent } from './events.js';
import { hasFeature } from './rules.js';
import type { Customer, Follow, GroupChat } from './state.js';

function memberOf(corp: Corp, userid: string | undefined): Member {
  if (userid === undefined) throw new AdminError(400, 'bad_body', 'userid is required');
  const m = corp.domains.contacts.getUser(userid);
  if (!m) throw new AdminError(404, 'user_not_found', `corp ${corp.corpid} has no member ${userid}`);
  if (!hasFeature(corp.domains.externalcontact, m)) throw new AdminError(409, 'no_customer_contact', `member ${m.userid} has no customer-contact feature`);
  return m;
}

function customerByCorpId(corp: Corp, externalUserid: string): Customer {
  const c = customerByExternalUserid(corp.domains.externalcontact, externalUserid, CORP_CALLER);
  if (!c) throw new AdminError(404, 'customer_not_found', `corp ${corp.corpid} has no customer ${externalUserid}`);
  return c;
}

export interface CustomerAddInput {
  userid?: string;
  config_id?: string;
  customer_id?: string;
  name?: string;
  unionid?: string;
  gender?: number;
  add_way?: number;
  /** add_half_external_contact: 免验证添加, the member has not accepted yet (doc path/92130). */
  change_type?: 'add_external_contact' | 'add_half_external_contact';
}

export interface SimOutcome {
  result: Record<string, unknown>;
  event: Record<string, unknown>;
}

/** A WeChat customer adds a member (doc path/92114, 92130). */
export function simulateCustomerAdd(corp: Corp, input: CustomerAddInput): SimOutcome {
  const s = corp.domains.externalcontact;
  const now = corp.clock.nowSec();
  let userid = input.userid;
  let state = '';
  if (input.config_id !== undefined) {
    const way = s.ways.get(input.config_id);
    if (!way) throw new AdminError(404, 'contact_way_not_found', `corp ${corp.corpid} has no contact way ${input.config_id}`);
    state = way.state;
    const members = [...way.user];
    for (const p of way.party) {
      for (const key of corp.domains.contacts.deptMembers.get(p) ?? []) members.push(corp.domains.contacts.users.get(key)!.userid);
    }
    if (userid === undefined) userid = members[0];
    else if (!members.some((u) => userKey(u) === userKey(userid!))) {
      throw new AdminError(409, 'not_in_contact_way', `member ${userid} is not a member of contact way ${way.config_id}`);
    }
    if (userid === undefined) throw new AdminError(409, 'not_in_contact_way', `contact way ${way.config_id} has no member`);
  }
  const m = memberOf(corp, userid);
  let customer: Customer;
  if (input.customer_id !== undefined) {
    const c = s.customers.get(input.customer_id);
    if (!c) throw new AdminError(404, 'customer_not_found', `corp ${corp.corpid} has no customer ${input.customer_id}`);
    if (c.follows.has(userKey(m.userid))) throw new AdminError(409, 'already_added', `customer ${c.id} is already a customer of ${m.userid}`);
    customer = c;
  } else {
    const n = s.nextSeq();
    customer = {
      id: `c${n}`,
      name: input.name ?? `客户${n}`,
      unionid: input.unionid ?? '',
      gender: input.gender ?? 0,
      avatar: `http://wx.qlogo.cn/mmhead/mock${n}/0`,
      type: 1,
      corp_name: '',
      corp_full_name: '',
      position: '',
      follows: new Map(),
    };
    s.customers.set(customer.id, customer);
  }
  const follow: Follow = {
    userid: m.userid,
    remark: '',
    description: '',
    createtime: now,
    tag_ids: [],
    remark_corp_name: '',
    remark_mobiles: [],
    oper_userid: m.userid,
    add_way: input.add_way ?? (input.config_id !== undefined ? 1 : 0),
    state,
  };
  // 免验证: the customer can chat, but there is no relationship until the member adds them back, so the API
  // answers 84061 for it (errcode 84061's detail, "需要服务人员添加好友后才可以调用接口"). Adding the same customer
  // again with add_external_contact is the member adding them back.
  const halfKey = `${customer.id}|${userKey(m.userid)}`;
  if (input.change_type === 'add_half_external_contact') s.halfAdded.set(halfKey, follow);
  else {
    s.halfAdded.delete(halfKey);
    s.addFollow(customer, userKey(m.userid), follow);
  }
  const externalUserid = externalUseridOf(s, customer, CORP_CALLER);
  let welcome: string | null = null;
  // WelcomeCode only when no welcome message is configured in the admin console (doc path/92130).
  if (!s.settings.console_welcome_msg) {
    welcome = corp.rng.string(43);
    s.welcomeCodes.set(welcome, { customerId: customer.id, userKey: userKey(m.userid), issuedMs: corp.clock.nowMs(), used: false });
  }
  const event = contactEvent(input.change_type ?? 'add_external_contact', m.userid, externalUserid, { State: state, ...(welcome !== null && { WelcomeCode: welcome }) });
  return { result: { customer_id: customer.id, external_userid: externalUserid, userid: m.userid, welcome_code: welcome }, event };
}

export type CustomerChange = 'edit_external_contact' | 'del_follow_user' | 'del_external_contact';

/** The customer edits their profile or deletes the member, or the member deletes the customer. */
export function simulateCustomerChange(corp: Corp, input: { change: CustomerChange; userid: string; external_userid: string; name?: string }): SimOutcome {
  const s = corp.domains.externalcontact;
  const m = memberOf(corp, input.userid);
  const customer = customerByCorpId(corp, input.external_userid);
  if (!customer.follows.has(userKey(m.userid))) throw new AdminError(409, 'not_external_contact', `${input.external_userid} is not a customer of ${m.userid}`);
  if (input.change === 'edit_external_contact') {
    if (input.name !== undefined) customer.name = input.name;
  } else if (input.change === 'del_external_contact') {
    // The member deleted the customer: no relationship is left (errcode 84061's detail).
    s.removeFollow(customer, userKey(m.userid));
  }
  // del_follow_user — the customer deleted the member — leaves a one-way relationship that customer contact
  // still serves ("还存在单向好友关系，可以调用客户联系相关接口", errcode 84061's detail): the follow stays.
  const event = contactEvent(input.change, m.userid, input.external_userid);
  return { result: { customer_id: customer.id, external_userid: input.external_userid, userid: m.userid, welcome_code: null }, event };
}

export interface GroupInput {
  action: 'create' | 'join' | 'quit' | 'rename' | 'notice' | 'dismiss';
  chat_id?: string;
  userid?: string;
  name?: string;
  notice?: string;
  members?: string[];
  join_scene?: number;
  quit_scene?: number;
}

/** A member ref of a group: a member's userid, or a customer by the corp's external_userid. */
function groupRef(corp: Corp, id: string): { ref: string; type: 1 | 2 } {
  const m = corp.domains.contacts.getUser(id);
  if (m) return { ref: m.userid, type: 1 };
  const c = customerByExternalUserid(corp.domains.externalcontact, id, CORP_CALLER);
  if (c) return { ref: c.id, type: 2 };
  throw new AdminError(404, 'member_not_found', `${id} is neither a member nor a customer of corp ${corp.corpid}`);
}

/** A customer group changes (doc path/92120, 92130). */
export function simulateGroupChat(corp: Corp, input: GroupInput): SimOutcome {
  const s = corp.domains.externalcontact;
  const now = corp.clock.nowSec();
  if (input.action === 'create') {
    const owner = memberOf(corp, input.userid);
    const chat: GroupChat = {
      chat_id: `wr${corp.rng.string(28)}`,
      name: input.name ?? '',
      owner: owner.userid,
      create_time: now,
      notice: input.notice ?? '',
      status: 0,
      dismissed: false,
      members: new Map(),
      admins: [],
    };
    chat.members.set(owner.userid, { ref: owner.userid, type: 1, join_time: now, join_scene: 1, invitor: undefined, group_nickname: '' });
    for (const id of input.members ?? []) {
      const r = groupRef(corp, id);
      if (!chat.members.has(r.ref)) chat.members.set(r.ref, { ...r, join_time: now, join_scene: input.join_scene ?? 1, invitor: owner.userid, group_nickname: '' });
    }
    s.chats.set(chat.chat_id, chat);
    return { result: { chat_id: chat.chat_id }, event: chatEvent(chat.chat_id, 'create') };
  }
  if (input.chat_id === undefined) throw new AdminError(400, 'bad_body', 'chat_id is required');
  const chat = s.chats.get(input.chat_id);
  if (!chat) throw new AdminError(404, 'chat_not_found', `corp ${corp.corpid} has no customer group ${input.chat_id}`);
  if (chat.dismissed) throw new AdminError(409, 'chat_dismissed', `customer group ${chat.chat_id} was dismissed`);
  const out = (event: Record<string, unknown>): SimOutcome => ({ result: { chat_id: chat.chat_id }, event });
  switch (input.action) {
    case 'join': {
      const refs = (input.members ?? []).map((id) => groupRef(corp, id)).filter((r) => !chat.members.has(r.ref));
      if (refs.length === 0) throw new AdminError(400, 'bad_body', 'members must name someone not yet in the group');
      const scene = input.join_scene ?? 1;
      for (const r of refs) chat.members.set(r.ref, { ...r, join_time: now, join_scene: scene, invitor: scene === 1 ? chat.owner : undefined, group_nickname: '' });
      // JoinScene of the event: 0 invited, 1 by link, 3 by QR code (push/ChangeExternalChatUpdate.xml); join_scene of groupchat/get: 1, 2, 3.
      return out(chatEvent(chat.chat_id, 'update', { UpdateDetail: 'add_member', JoinScene: scene === 1 ? 0 : scene === 2 ? 1 : 3, MemChangeCnt: refs.length }));
    }
    case 'quit': {
      const refs = (input.members ?? []).map((id) => groupRef(corp, id)).filter((r) => chat.members.has(r.ref));
      if (refs.length === 0) throw new AdminError(400, 'bad_body', 'members must name someone in the group');
      if (refs.some((r) => r.ref === chat.owner)) throw new AdminError(409, 'owner_cannot_quit', 'the owner cannot leave; dismiss the group instead');
      for (const r of refs) chat.members.delete(r.ref);
      return out(chatEvent(chat.chat_id, 'update', { UpdateDetail: 'del_member', QuitScene: input.quit_scene ?? 0, MemChangeCnt: refs.length }));
    }
    case 'rename':
      if (input.name === undefined) throw new AdminError(400, 'bad_body', 'name is required');
      chat.name = input.name;
      return out(chatEvent(chat.chat_id, 'update', { UpdateDetail: 'change_name' }));
    case 'notice':
      if (input.notice === undefined) throw new AdminError(400, 'bad_body', 'notice is required');
      chat.notice = input.notice;
      return out(chatEvent(chat.chat_id, 'update', { UpdateDetail: 'change_notice' }));
    case 'dismiss':
      chat.dismissed = true;
      return out(chatEvent(chat.chat_id, 'dismiss'));
  }
  throw new AdminError(400, 'bad_body', `unknown action ${String(input.action)}`);
}
