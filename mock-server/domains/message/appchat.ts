/** App group chats (appchat/create, update, get, send — doc path/90244, 90245, 98913, 98914, 90248). */
import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import { ALNUM, drawUnused } from '../../core/runtime/rng.js';
import type { AppState } from '../../core/tenancy/types.js';
import { ROOT_DEPARTMENT, userKey, type Member } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { deliver } from './deliver.js';
import { CHAT_MSGTYPES, checkMessageBody, cutChars, type BodyEnv } from './rules.js';
import { newSentMessage, type AppChat } from './state.js';

const B = LIMITS.bound;

/** What body checks need from the caller's corp: live media and existing members. */
export function bodyEnv(ctx: Ctx): BodyEnv {
  return {
    mediaValid: (id, type) => {
      const m = ctx.corp.domains.media.getMedia(id, ctx.clock.nowMs());
      return m !== undefined && (type === undefined || m.type === type);
    },
    userExists: (userid) => ctx.corp.domains.contacts.getUser(userid) !== undefined,
  };
}

/**
 * The body checks app messages and app-chat messages share: the msgtype's fields with the app text and
 * markdown limits, and no `safe` for news (40074, doc path/90236).
 */
export function checkAppMessage(ctx: Ctx, allowed: readonly string[]): { checked: ReturnType<typeof checkMessageBody>; safe: number } {
  const checked = checkMessageBody(ctx.body, allowed, bodyEnv(ctx), {
    textMax: LIMITS.size.message_text_max.bytes,
    markdownMax: LIMITS.size.message_markdown_max.bytes,
    markdownCode: 'CONTENT_TOO_LARGE',
  });
  const safe = (ctx.body['safe'] as number | undefined) ?? 0;
  if (safe !== 0 && checked.msgtype === 'news') throw err('NEWS_SAFE_NOT_SUPPORTED');
  return { checked, safe };
}

/** Only self-built apps whose visible range is the root department may use app chats (48002, doc path/90244). */
function requireChatApp(ctx: Ctx): AppState {
  const app = ctx.app;
  if (ctx.secretKind !== 'app' || !app || !app.allow_party.includes(ROOT_DEPARTMENT)) throw err('API_FORBIDDEN');
  return app;
}

function checkChatid(chatid: unknown): string {
  if (typeof chatid !== 'string' || chatid.length === 0) throw err('CHATID_MISSING');
  if (chatid.length > 32) throw err('CHATID_TOO_LONG');
  if (!/^[0-9a-zA-Z]+$/.test(chatid)) throw err('INVALID_CHATID');
  return chatid;
}

/** The chat of this app: unknown → 86003, another app's → 86008. */
function chatOf(ctx: Ctx, app: AppState, chatid: unknown): AppChat {
  const chat = ctx.corp.domains.message.chats.get(checkChatid(chatid));
  if (!chat) throw err('APPCHAT_NOT_FOUND');
  if (chat.agentid !== app.agentid) throw err('CHAT_NOT_CREATED_BY_APP');
  return chat;
}

/** userids → members (deduplicated, case-insensitive); an unknown one → 86216. */
function membersOf(ctx: Ctx, list: unknown[]): Member[] {
  const c = ctx.corp.domains.contacts;
  const seen = new Set<string>();
  const out: Member[] = [];
  for (const u of list) {
    const m = typeof u === 'string' ? c.getUser(u) : undefined;
    if (!m) throw err('INVALID_CHAT_MEMBER_ID');
    const k = userKey(m.userid);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(m);
    }
  }
  return out;
}

function checkCount(n: number): void {
  if (n < B.appchat_members.min || n > B.appchat_members.max) throw err('INVALID_CHAT_MEMBER_COUNT');
}

export const appchatRoutes = defineRoutes({
  appchat_create: (ctx) => {
    const app = requireChatApp(ctx);
    const body = ctx.body;
    const state = ctx.corp.domains.message;
    if (!Array.isArray(body.userlist) || body.userlist.length === 0) throw err('CHAT_MEMBERS_MISSING');
    checkCount(body.userlist.length);
    const members = membersOf(ctx, body.userlist);
    checkCount(members.length);
    let owner: Member;
    if (body.owner !== undefined && body.owner !== '') {
      const o = ctx.corp.domains.contacts.getUser(body.owner);
      if (!o) throw err('INVALID_CHAT_OWNER');
      if (!members.some((m) => m.userid === o.userid)) throw err('CHAT_OWNER_NOT_IN_MEMBERS');
      owner = o;
    } else owner = members[ctx.rng.int(members.length)]!; // no owner: a random member (doc path/90245)
    let chatid: string;
    if (body.chatid !== undefined && body.chatid !== '') {
      chatid = checkChatid(body.chatid);
      if (state.chats.has(chatid)) throw err('CHATID_EXISTED');
    } else chatid = drawUnused(() => ctx.rng.string(32, ALNUM), state.chats);
    // ≤1,000 chats per corp and day (doc path/90245); counted only when the chat is made.
    if (state.quotas.tryAdd('appchat_create_per_corp_day', 'corp', ctx.clock.nowMs(), 1, ctx.corp.settings.rate_limit_scale)) {
      throw err('API_FREQ_OUT_OF_LIMIT');
    }
    // Names longer than 50 characters are cut (doc path/90245).
    const name = cutChars(body.name ?? '', B.appchat_name_length.max);
    state.chats.set(chatid, { chatid, name, owner: owner.userid, userlist: members.map((m) => m.userid), agentid: app.agentid });
    return { chatid };
  },

  appchat_update: (ctx) => {
    const app = requireChatApp(ctx);
    const body = ctx.body;
    const chat = chatOf(ctx, app, body.chatid);
    const state = ctx.corp.domains.message;
    const del = new Set((body.del_user_list ?? []).map((u) => userKey(String(u))));
    const add = membersOf(ctx, body.add_user_list ?? []);
    const c = ctx.corp.domains.contacts;
    const next: string[] = chat.userlist.filter((u) => !del.has(userKey(u)));
    const have = new Set(next.map(userKey));
    for (const m of add) if (!have.has(userKey(m.userid))) (have.add(userKey(m.userid)), next.push(m.userid));
    checkCount(next.length);
    let owner = chat.owner;
    if (body.owner !== undefined && body.owner !== '') {
      const o = c.getUser(body.owner);
      if (!o) throw err('INVALID_CHAT_OWNER');
      if (!have.has(userKey(o.userid))) throw err('CHAT_OWNER_NOT_IN_MEMBERS');
      owner = o.userid;
      // A removed owner without a new one hands the chat to the first member left (mock choice).
    } else if (!have.has(userKey(owner))) owner = next[0]!;
    // ≤1,000 changes per corp and hour (doc path/98913).
    if (state.quotas.tryAdd('appchat_update_per_corp_hour', 'corp', ctx.clock.nowMs(), 1, ctx.corp.settings.rate_limit_scale)) {
      throw err('API_FREQ_OUT_OF_LIMIT');
    }
    chat.userlist = next;
    chat.owner = owner;
    if (body.name !== undefined) chat.name = cutChars(body.name, B.appchat_name_length.max);
    return {};
  },

  appchat_get: (ctx) => {
    const app = requireChatApp(ctx);
    const { chatid } = ctx.query;
    const chat = chatOf(ctx, app, chatid);
    return { chat_info: { chatid: chat.chatid, name: chat.name, owner: chat.owner, userlist: [...chat.userlist], chat_type: 0 } };
  },

  appchat_send: (ctx) => {
    const app = requireChatApp(ctx);
    const body = ctx.body;
    const chat = chatOf(ctx, app, body.chatid);
    const { checked, safe } = checkAppMessage(ctx, CHAT_MSGTYPES);
    const state = ctx.corp.domains.message;
    const c = ctx.corp.domains.contacts;
    const members = chat.userlist.map((u) => c.getUser(u)).filter((m): m is Member => m !== undefined);
    const now = ctx.clock.nowMs();
    // 20,000 recipient-messages per minute and 150,000 per hour per corp (doc path/90248); over → 45009, nothing sent.
    if (state.quotas.tryAdd('appchat_recipients_per_corp', 'corp', now, members.length, ctx.corp.settings.rate_limit_scale)) {
      throw err('API_FREQ_OUT_OF_LIMIT');
    }
    const msg = newSentMessage({
      msgid: ctx.rng.string(63, `${ALNUM}-_`),
      source: 'appchat',
      agentid: app.agentid,
      chatid: chat.chatid,
      msgtype: checked.msgtype,
      content: checked.content,
      safe,
      sentAtMs: now,
    });
    // Each member gets ≤200/min and ≤10,000/day from one app across chats; beyond is dropped silently.
    deliver(state, msg, members, now, 'appchat_per_member_per_app', 1);
    return {};
  },
});
