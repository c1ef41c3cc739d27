/**
 * What other modules may use of messaging: the state, each member's inbox as the control plane shows it,
 * robots, licenses, and the simulated click on a template card.
 */
import type { Domain } from '../types.js';
import { MessageState as State } from './state.js';
import { messageRoutes } from './routes.js';
import { messageAdmin } from './admin.js';
import { AdminError } from '../../core/control/kit.js';
import { drawUnused } from '../../core/runtime/rng.js';
import { simulateEvent } from '../callbacks/index.js';
import { userKey } from '../contacts/index.js';
import type { Corp } from '../types.js';
import { issueResponseCode } from './routes.js';
import { newSentMessage, type Robot } from './state.js';

export { MessageState } from './state.js';

/** A member's inbox entries, oldest first, as GET /__mock/inbox answers them. */
export function inboxOf(corp: Corp, userid: string): Array<Record<string, unknown>> {
  const key = userKey(userid);
  return (corp.domains.message.inbox.get(key) ?? []).map((e) => ({
    seq: e.seq,
    source: e.msg.source,
    ...(e.msg.aibotid !== undefined ? { aibotid: e.msg.aibotid } : { agentid: e.msg.agentid }),
    ...(e.msg.chatid !== undefined && { chatid: e.msg.chatid }),
    msgid: e.msg.msgid,
    msgtype: e.msg.msgtype,
    content: e.msg.cardUpdates.get(key) ?? e.msg.content,
    safe: e.msg.safe,
    time: Math.floor(e.atMs / 1000),
    delivered: e.delivered,
    ...(e.dropped_reason !== undefined && { dropped_reason: e.dropped_reason }),
    recalled: e.msg.recalled,
    ...(e.msg.responseCode !== undefined && { response_code: e.msg.responseCode }),
  }));
}

/**
 * An AI bot's answer shown in a member's inbox (domains/aibot). The content object is kept by reference:
 * the bot domain updates it while a stream grows, so the inbox always shows the message as it stands.
 */
export function deliverBotMessage(
  corp: Corp,
  input: { userid: string; aibotid: string; chatid?: string; msgid: string; msgtype: string; content: Record<string, unknown> },
): void {
  const state = corp.domains.message;
  const now = corp.clock.nowMs();
  const msg = newSentMessage({
    msgid: input.msgid,
    source: 'aibot',
    agentid: 0,
    aibotid: input.aibotid,
    chatid: input.chatid,
    msgtype: input.msgtype,
    content: input.content,
    safe: 0,
    sentAtMs: now,
    deliveredTo: new Set([userKey(input.userid)]),
  });
  state.addToInbox(userKey(input.userid), { seq: state.nextSeq(), msg, delivered: true, dropped_reason: undefined, atMs: now });
}

/** A robot as the control plane shows it; webhook_url is the path and query (prefix the mock's base URL). */
export function robotView(robot: Robot, webhookPath: string): Record<string, unknown> {
  return {
    key: robot.key,
    name: robot.name,
    disabled: robot.disabled,
    webhook_url: `${webhookPath}?key=${robot.key}`,
    messages: robot.messages.map((m) => ({ ...m })),
  };
}

/** A new group robot with a fresh key (UUID-shaped, as WeCom's webhook keys). */
export function createRobot(corp: Corp, name: string | undefined, disabled: boolean): Robot {
  const state = corp.domains.message;
  const key = drawUnused(() => {
    const h = corp.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }, state.robots);
  const robot: Robot = { key, name: name ?? `robot${state.robots.size + 1}`, disabled, messages: [], media: new Map() };
  state.robots.set(key, robot);
  return robot;
}

/** Members without an interface license (message/send lists them in unlicenseduser). */
export function setUnlicensed(corp: Corp, userids: string[]): string[] {
  const c = corp.domains.contacts;
  const bad = userids.find((u) => !c.getUser(u));
  if (bad !== undefined) throw new AdminError(400, 'unknown_member', `member ${bad} does not exist`);
  corp.domains.message.unlicensed = new Set(userids.map(userKey));
  return [...corp.domains.message.unlicensed];
}

/**
 * A member clicks a template card they received: emits template_card_event through the callbacks
 * domain's simulation with a fresh ResponseCode (valid 72 h, once) for message/update_template_card.
 */
export function clickTemplateCard(
  corp: Corp,
  input: { msgid: string; userid: string; key?: string; selected?: Record<string, string[]> },
): { response_code: string; seq: number; ids: string[]; event: Record<string, unknown> } {
  const state = corp.domains.message;
  const msg = state.messages.get(input.msgid);
  if (!msg || msg.msgtype !== 'template_card' || !msg.card) throw new AdminError(404, 'message_not_found', `no template card message ${input.msgid}`);
  const member = corp.domains.contacts.getUser(input.userid);
  if (!member || !msg.deliveredTo.has(userKey(member.userid))) {
    throw new AdminError(409, 'not_received', `${input.userid} did not receive message ${input.msgid}`);
  }
  if (msg.recalled) throw new AdminError(409, 'recalled', `message ${input.msgid} was recalled`);
  if (!msg.card.interactive) throw new AdminError(409, 'not_interactive', `the ${msg.card.card_type} card of ${input.msgid} has no buttons`);
  const key = input.key ?? msg.card.keys[0];
  if (key === undefined || !msg.card.keys.includes(key)) {
    throw new AdminError(400, 'unknown_key', `the card's keys are ${msg.card.keys.join(', ') || '(none)'}`);
  }
  const code = issueResponseCode(state, corp.rng, msg, corp.clock.nowMs());
  const fields: Record<string, unknown> = { EventKey: key, TaskId: msg.card.task_id ?? '', CardType: msg.card.card_type, ResponseCode: code };
  const selected = Object.entries(input.selected ?? {});
  if (selected.length > 0) {
    fields['SelectedItems'] = { SelectedItem: selected.map(([q, ids]) => ({ QuestionKey: q, OptionIds: { OptionId: ids } })) };
  }
  const r = simulateEvent(corp, { event: 'template_card_event', agentid: msg.agentid, userid: member.userid, fields, allow_undelivered: true });
  return { response_code: code, seq: r.seq, ids: r.ids, event: r.event };
}

/** 消息推送 — app messages, app group chats, group robots. */
export const messageDomain: Domain<'message', State> = {
  name: 'message',
  state: () => new State(),
  routes: messageRoutes,
  mount: (host) => ({ admin: messageAdmin(host) }),
};
