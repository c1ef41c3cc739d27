import { LIMITS } from '../../../spec/generated/limits.js';
import { launchRoutes } from './launch.js';
import { err, invalidParameter } from '../../core/errors/index.js';
import { drawUnused, TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import type { AppState } from '../../core/tenancy/types.js';
import { userKey } from '../contacts/index.js';
import { defineRoutes, type AnswerOf, type Ctx } from '../types.js';
import { appchatRoutes, bodyEnv, checkAppMessage } from './appchat.js';
import { deliver, fileDropped, fingerprint, resolveRecipients } from './deliver.js';
import { APP_MSGTYPES, checkTemplateCard, parseRecipients } from './rules.js';
import { newSentMessage, type SentMessage } from './state.js';
import { webhookRoutes } from './webhook.js';

const Q = LIMITS.quota;
const L = LIMITS.lifetime;

/** The calling app, which must be the body's agentid: unknown → 40056, another app → 301002. */
export function requireAgent(ctx: Ctx, agentid: number): AppState {
  if (!ctx.corp.apps.has(agentid)) throw err('INVALID_AGENTID');
  if (ctx.secretKind !== 'app' || !ctx.app) throw err('API_FORBIDDEN');
  if (ctx.app.agentid !== agentid) throw err('AGENT_MISMATCH');
  return ctx.app;
}

/** A msgid: 63 URL-safe characters, the shape of WeCom's (message/recall example). */
export function newMsgid(ctx: Ctx): string {
  const state = ctx.corp.domains.message;
  const id = drawUnused(() => ctx.rng.string(63, TOKEN_ALPHABET), state.messages);
  return id;
}

/** A response_code for update_template_card, valid 72 h and once (doc path/90236). */
export function issueResponseCode(state: Ctx['corp']['domains']['message'], rng: Ctx['rng'], msg: SentMessage, nowMs: number): string {
  const code = drawUnused(() => rng.string(43, TOKEN_ALPHABET), state.responseCodes);
  state.responseCodes.set(code, { msgid: msg.msgid, agentid: msg.agentid, expiresAtMs: nowMs + L.response_code_lifetime.seconds * 1000, used: false });
  return code;
}

/** Seats for the day quota: the corp setting, else the larger of 200 and the member count (mock choice). */
function seats(ctx: Ctx): number {
  return ctx.corp.settings.message_seats ?? Math.max(200, ctx.corp.domains.contacts.users.size);
}

export const messageRoutes = defineRoutes({
  ...launchRoutes,
  message_send: (ctx) => {
    const body = ctx.body;
    const app = requireAgent(ctx, body.agentid);
    const state = ctx.corp.domains.message;
    const { checked, safe } = checkAppMessage(ctx, APP_MSGTYPES);
    // safe 2 is for mpnews only (doc path/90236).
    if (safe === 2 && checked.msgtype !== 'mpnews') throw invalidParameter('safe 2 is only supported by mpnews');
    const lists = parseRecipients(ctx.body);
    const c = ctx.corp.domains.contacts;
    const r = resolveRecipients(app, c, lists, state.unlicensed);
    // When no recipient has permission or exists, the call fails with 81013; members without an interface licence
    // (unlicenseduser) are recipients without permission (developer.work.weixin.qq.com/document/path/90236).
    if (r.targets.length === 0) throw err('ALL_RECIPIENTS_INVALID');

    const answer: AnswerOf<'message_send'> = {};
    const invaliduser = [...lists.bad.users.map((u) => u.toLowerCase()), ...r.invaliduser];
    const invalidparty = [...lists.bad.parties, ...r.invalidparty];
    const invalidtag = [...lists.bad.tags, ...r.invalidtag];
    if (invaliduser.length > 0) answer.invaliduser = invaliduser.join('|');
    if (invalidparty.length > 0) answer.invalidparty = invalidparty.join('|');
    if (invalidtag.length > 0) answer.invalidtag = invalidtag.join('|');
    if (r.unlicensed.length > 0) answer.unlicenseduser = r.unlicensed.map((m) => m.userid.toLowerCase()).join('|');

    const now = ctx.clock.nowMs();
    let dupKey: string | undefined;
    if (body.enable_duplicate_check === 1) {
      dupKey = `${app.agentid}:${fingerprint(ctx.rawBody, ctx.body)}`;
      const prev = state.duplicates.get(dupKey);
      if (prev && now < prev.untilMs) {
        // An identical request within the window is answered but not delivered again (doc path/90236).
        const first = state.messages.get(prev.msgid);
        if (first) fileDropped(state, first, [...r.targets, ...r.unlicensed], now, 'duplicate');
        return { ...prev.answer };
      }
    }
    // seats × 200 recipient-sends per app and day; over → 45009 and nothing is sent (doc path/90236).
    const perDay = seats(ctx) * Q.message_recipients_per_app_day.per_day_per_seat;
    if (state.quotas.tryAdd('message_recipients_per_app_day', String(app.agentid), now, r.targets.length, ctx.corp.settings.rate_limit_scale, { per_day: perDay })) {
      throw err('API_FREQ_OUT_OF_LIMIT');
    }

    const msg = newSentMessage({
      msgid: newMsgid(ctx),
      source: 'app',
      agentid: app.agentid,
      chatid: undefined,
      msgtype: checked.msgtype,
      content: checked.content,
      safe,
      sentAtMs: now,
      card: checked.card,
    });
    state.addMessage(msg, now);
    // Per member and app 30/min and 1,000/h; beyond is dropped silently (doc path/90236).
    deliver(state, msg, r.targets, now, 'message_per_member_per_app', 1);
    fileDropped(state, msg, r.unlicensed, now, 'unlicensed');
    answer.msgid = msg.msgid;
    if (msg.card?.interactive) answer.response_code = msg.responseCode = issueResponseCode(state, ctx.rng, msg, now);
    if (dupKey) {
      const interval = body.duplicate_check_interval ?? L.duplicate_check_interval_default.seconds;
      state.duplicates.set(dupKey, { atMs: now, untilMs: now + interval * 1000, answer: { ...answer }, msgid: msg.msgid });
    }
    return answer;
  },

  message_recall: (ctx) => {
    const { msgid } = ctx.body;
    const state = ctx.corp.domains.message;
    const msg = state.messages.get(msgid);
    // An unknown msgid (or another app's) has no documented code; 40058 names the field (mock choice).
    if (!msg || msg.source !== 'app' || ctx.secretKind !== 'app' || msg.agentid !== ctx.app?.agentid) throw invalidParameter('msgid invalid');
    if (ctx.clock.nowMs() - msg.sentAtMs >= L.message_recall_window.seconds * 1000) throw err('MSGID_EXPIRED');
    msg.recalled = true;
    return {};
  },

  message_update_template_card: (ctx) => {
    const body = ctx.body;
    const app = requireAgent(ctx, body.agentid);
    const state = ctx.corp.domains.message;
    const now = ctx.clock.nowMs();
    const rc = state.responseCodes.get(body.response_code);
    // Valid 72 h, once, for the app that sent the card (60140 otherwise, doc path/94867).
    if (!rc || rc.used || now >= rc.expiresAtMs || rc.agentid !== app.agentid) throw err('INVALID_RESPONSE_CODE');
    const msg = state.messages.get(rc.msgid);
    if (!msg) throw err('INVALID_RESPONSE_CODE');
    let replacement: Record<string, unknown>;
    if (body.template_card !== undefined) {
      replacement = checkTemplateCard(body.template_card as Record<string, unknown>, bodyEnv(ctx)).content;
    } else if (typeof body.button?.replace_name === 'string' && body.button.replace_name.length > 0) {
      replacement = { ...msg.content, replace_text: body.button.replace_name };
    } else throw invalidParameter('button.replace_name or template_card is required');

    const c = ctx.corp.domains.contacts;
    let who: Iterable<string> = msg.deliveredTo;
    const picked = new Set<string>();
    if (body.atall !== 1 && (body.userids?.length || body.partyids?.length || body.tagids?.length)) {
      for (const u of body.userids ?? []) picked.add(userKey(u));
      const addMembers = (dept: number) => {
        for (const d of c.subtree(dept)) for (const k of c.deptMembers.get(d.id) ?? []) picked.add(k);
      };
      for (const p of body.partyids ?? []) addMembers(p);
      for (const t of body.tagids ?? []) {
        const tag = c.tags.get(t);
        for (const k of tag?.users ?? []) picked.add(k);
        for (const p of tag?.parties ?? []) addMembers(p);
      }
      who = [...picked].filter((k) => msg.deliveredTo.has(k));
    }
    for (const k of who) msg.cardUpdates.set(k, replacement);
    rc.used = true;
    return {};
  },

  ...appchatRoutes,
  ...webhookRoutes,
});

