/**
 * A member talking to an AI bot: the mock writes the JSON callback (or pushes the frame on the long
 * connection), reads the bot's answer, follows a stream with refresh callbacks until the bot finishes or
 * the 6-minute window closes, and shows the answer in the member's inbox (domains/message). Facts:
 * developer.work.weixin.qq.com/document/path/100719 (接收消息, 流式消息刷新, 被动回复消息).
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { AdminError } from '../../core/control/kit.js';
import { Rng } from '../../core/runtime/rng.js';
import { enqueue, type DeliveryEngine, type OutboxEntry, type ReceiverSnapshot } from '../callbacks/index.js';
import { deliverBotMessage } from '../message/index.js';
import { defineTasks, type Corp, type DomainStates } from '../types.js';
import type { CorpRegistry } from '../../core/tenancy/registry.js';
import { checkReply, replyType, type ReplyContext } from './rules.js';
import { streamKey, type Bot, type ChatType, type Stream } from './state.js';

/** What pushes frames to long-connection bots (ws.ts). */
export interface FramePusher {
  /** Sends a callback frame to the bot's connection; the req_id, or undefined when the bot is not connected. */
  push(corp: Corp, bot: Bot, cmd: 'aibot_msg_callback' | 'aibot_event_callback', body: Record<string, unknown>): string | undefined;
}

export interface Runtime {
  engine: DeliveryEngine;
  frames: FramePusher;
}

const WINDOW_MS = LIMITS.lifetime.aibot_stream_window.seconds * 1000;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Ids drawn apart from the corp's rng, so bot traffic (which runs when the network lets it) never shifts API
 * outputs. Kept in the state so a snapshot carries where it stands (a loaded corp draws no id twice).
 */
export function rngOf(corp: Corp): Rng {
  const s = corp.domains.aibot;
  return (s.rng ??= new Rng(`${corp.seed}:${corp.corpid}:aibot`));
}

/** A msgid shaped like WeCom's ("CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI="). */
function newMsgid(corp: Corp): string {
  return `CAIQ${rngOf(corp).string(23, B64)}=`;
}

export function botOf(corp: Corp, botid: unknown): Bot {
  const bot = typeof botid === 'string' ? corp.domains.aibot.bots.get(botid) : undefined;
  if (!bot) throw new AdminError(404, 'aibot_not_found', `corp ${corp.corpid} has no AI bot ${String(botid)}; GET /__mock/corps/${corp.corpid}/aibots lists them`);
  return bot;
}

function receiverOf(corp: Corp, bot: Bot, once: boolean): ReceiverSnapshot {
  const key = `aibot:${bot.botid}`;
  const options = corp.domains.callbacks.optionsFor(key);
  return {
    kind: 'aibot',
    agentid: null,
    url: bot.url,
    token: bot.token,
    encoding_aes_key: bot.encoding_aes_key,
    key,
    // Template card events are sent once: "企业微信服务只会发起一次请求…五秒内收不到响应会…丢弃该回调事件".
    options: once ? { ...options, retry_backoff_ms: [] } : options,
  };
}

/** Who wrote and where: the common head of every callback. */
interface Origin {
  bot: Bot;
  msgid: string;
  userid: string;
  chattype: ChatType;
  chatid: string | undefined;
  at: number;
}

function head(o: Origin): Record<string, unknown> {
  return {
    msgid: o.msgid,
    aibotid: o.bot.botid,
    ...(o.chattype === 'group' && { chatid: o.chatid }),
    chattype: o.chattype,
    from: { userid: o.userid },
  };
}

export interface SimulatedMessage {
  botid: string;
  userid: string;
  chattype?: ChatType;
  chatid?: string;
  msgtype?: string;
  content?: string;
  url?: string;
  items?: Array<Record<string, unknown>>;
  quote?: Record<string, unknown>;
}

/** Message types a member can send to a bot, and where (接收消息 概述: image, voice, file only in single chats). */
const SINGLE_ONLY = new Set(['image', 'voice', 'file']);
const MSG_TYPES = new Set(['text', 'image', 'mixed', 'voice', 'file']);

/** Who wrote to the bot, where and now: the origin of a member's message or event, and its callback's common head. */
function begin(corp: Corp, bot: Bot, userid: string, chattype: ChatType, chatid: string | undefined): { origin: Origin; body: Record<string, unknown> } {
  const at = corp.clock.nowMs();
  const origin: Origin = { bot, msgid: newMsgid(corp), userid, chattype, chatid: chattype === 'group' ? (chatid ?? `wr${rngOf(corp).string(20)}`) : undefined, at };
  return { origin, body: { ...head(origin), create_time: Math.floor(at / 1000) } };
}

/** A member writes to a bot: builds WeCom's message callback and sends it (callback or long connection). */
export function simulateMessage(corp: Corp, rt: Runtime, input: SimulatedMessage, baseUrl: string): Record<string, unknown> {
  const state = corp.domains.aibot;
  const bot = botOf(corp, input.botid);
  const member = corp.domains.contacts.getUser(input.userid);
  if (!member) throw new AdminError(404, 'member_not_found', `no member ${input.userid} in ${corp.corpid}`);
  const chattype = input.chattype ?? 'single';
  const msgtype = input.msgtype ?? 'text';
  if (!MSG_TYPES.has(msgtype)) throw new AdminError(400, 'bad_msgtype', `msgtype is one of ${[...MSG_TYPES].join(', ')}`);
  if (chattype === 'group' && SINGLE_ONLY.has(msgtype)) throw new AdminError(400, 'single_chat_only', `a member sends ${msgtype} to a bot only in a single chat`);
  // "用户跟同一个智能机器人最多同时有三条消息交互中"
  const busy = [...state.inProgress.values()].filter((p) => p.botid === bot.botid && p.userid.toLowerCase() === member.userid.toLowerCase()).length;
  if (busy >= LIMITS.bound.aibot_concurrent_messages.max) {
    throw new AdminError(409, 'too_many_in_progress', `${member.userid} already has ${busy} messages in progress with ${bot.botid} (WeCom allows ${LIMITS.bound.aibot_concurrent_messages.max})`);
  }
  const { origin, body } = begin(corp, bot, member.userid, chattype, input.chatid);
  const now = origin.at;
  if (bot.mode === 'callback') body['response_url'] = issueResponseUrl(corp, origin, baseUrl);
  body['msgtype'] = msgtype;
  const text = input.content ?? '';
  // In a group the bot only hears messages that @mention it.
  const mention = (t: string): string => (chattype === 'group' && !t.startsWith(`@${bot.name}`) ? `@${bot.name} ${t}` : t);
  const fileUrl = input.url ?? `${baseUrl}/__mock/aibot-files/${rngOf(corp).hex(16)}`;
  if (msgtype === 'text') body['text'] = { content: mention(text) };
  else if (msgtype === 'voice') body['voice'] = { content: text };
  else if (msgtype === 'image') body['image'] = { url: fileUrl };
  else if (msgtype === 'file') body['file'] = { url: fileUrl };
  else {
    const items = input.items ?? [{ msgtype: 'text', text: { content: text } }];
    body['mixed'] = {
      msg_item: items.map((it, i) =>
        it['msgtype'] === 'text' && i === 0 && typeof (it['text'] as Record<string, unknown> | undefined)?.['content'] === 'string'
          ? { msgtype: 'text', text: { content: mention((it['text'] as Record<string, string>)['content']!) } }
          : it,
      ),
    };
  }
  if (input.quote) body['quote'] = input.quote;

  state.inProgress.set(origin.msgid, { botid: bot.botid, userid: member.userid, at: now });
  // The window of the message: streams still open then end as WeCom ends them (no more refreshes).
  corp.timers.at(now + WINDOW_MS, 'aibot message window', 'aibot.window', { msgid: origin.msgid });
  state.record({ at: now, botid: bot.botid, direction: 'in', kind: 'message', msgid: origin.msgid, body, error: undefined });
  const sent = send(corp, rt, origin, body, 'message', 'aibot_msg_callback');
  return { msgid: origin.msgid, ...sent, callback: body };
}

export interface SimulatedEvent {
  botid: string;
  userid: string;
  event: 'enter_chat' | 'template_card_event' | 'feedback_event';
  chattype?: ChatType;
  chatid?: string;
  detail?: Record<string, unknown>;
}

/** A member's action that WeCom reports as an event (接收事件): entering the chat, a card click, feedback. */
export function simulateEvent(corp: Corp, rt: Runtime, input: SimulatedEvent, baseUrl: string): Record<string, unknown> {
  const bot = botOf(corp, input.botid);
  const member = corp.domains.contacts.getUser(input.userid);
  if (!member) throw new AdminError(404, 'member_not_found', `no member ${input.userid} in ${corp.corpid}`);
  // "当用户当天首次进入智能机器人单聊会话时，触发该事件"
  const chattype = input.event === 'enter_chat' ? 'single' : (input.chattype ?? 'single');
  const { origin, body } = begin(corp, bot, member.userid, chattype, input.chatid);
  const now = origin.at;
  if (input.event === 'template_card_event' && bot.mode === 'callback') body['response_url'] = issueResponseUrl(corp, origin, baseUrl);
  body['msgtype'] = 'event';
  const event: Record<string, unknown> = { eventtype: input.event };
  if (input.event !== 'enter_chat') event[input.event] = input.detail ?? {};
  body['event'] = event;
  corp.domains.aibot.record({ at: now, botid: bot.botid, direction: 'in', kind: input.event, msgid: origin.msgid, body, error: undefined });
  const sent = send(corp, rt, origin, body, input.event, 'aibot_event_callback');
  return { msgid: origin.msgid, ...sent, callback: body };
}

function send(corp: Corp, rt: Runtime, origin: Origin, body: Record<string, unknown>, context: ReplyContext, cmd: 'aibot_msg_callback' | 'aibot_event_callback'): Record<string, unknown> {
  const { bot } = origin;
  if (bot.mode === 'long_connection') {
    const reqId = rt.frames.push(corp, bot, cmd, body);
    if (reqId === undefined) {
      corp.domains.aibot.inProgress.delete(origin.msgid);
      throw new AdminError(409, 'not_connected', `AI bot ${bot.botid} has no subscribed long connection (aibot_subscribe)`);
    }
    corp.domains.aibot.frames.set(reqId, { ...originRef(origin), kind: context, at: corp.clock.nowMs() });
    return { delivery: 'long_connection', req_id: reqId };
  }
  if (!bot.url) {
    corp.domains.aibot.inProgress.delete(origin.msgid);
    throw new AdminError(409, 'no_url', `AI bot ${bot.botid} has no callback URL`);
  }
  const entry = enqueue(corp, rt.engine, receiverOf(corp, bot, context === 'template_card_event'), {
    plaintext: JSON.stringify(body),
    event: body,
    eventSeq: null,
    format: 'json',
    eventType: `aibot/${context === 'message' ? String(body['msgtype']) : context}`,
    onReply: (e) => onCallbackAnswer(corp, rt, origin, context, e, undefined),
  });
  return { delivery: 'callback', outbox_id: entry.id };
}

function originRef(o: Origin): { botid: string; msgid: string; userid: string; chattype: ChatType; chatid: string | undefined } {
  return { botid: o.bot.botid, msgid: o.msgid, userid: o.userid, chattype: o.chattype, chatid: o.chatid };
}

/** The bot answered a JSON callback (or never did). */
function onCallbackAnswer(corp: Corp, rt: Runtime, origin: Origin, context: ReplyContext, entry: OutboxEntry, stream: Stream | undefined): void {
  const state = corp.domains.aibot;
  const reply = entry.reply;
  if (!reply || reply.kind === 'none') {
    // No answer: a refresh without answer asks again later; a message without answer is over.
    if (stream?.state === 'open') scheduleRefresh(corp, rt, stream);
    else if (context === 'message') state.inProgress.delete(origin.msgid);
    if (!reply) state.record({ at: corp.clock.nowMs(), botid: origin.bot.botid, direction: 'out', kind: 'reply', msgid: origin.msgid, body: null, error: `delivery ${entry.id} failed` });
    return;
  }
  if (reply.kind === 'invalid') {
    state.record({ at: corp.clock.nowMs(), botid: origin.bot.botid, direction: 'out', kind: 'reply', msgid: origin.msgid, body: entry.attempts.at(-1)?.reply_body ?? null, error: reply.error ?? 'invalid' });
    if (stream?.state === 'open') scheduleRefresh(corp, rt, stream);
    else if (context === 'message') state.inProgress.delete(origin.msgid);
    return;
  }
  const error = applyReply(corp, originRef(origin), context, reply.message!, stream, undefined);
  const s = stream ?? findStreamFor(corp, origin.bot.botid, reply.message!);
  if (error && context === 'message' && !s) state.inProgress.delete(origin.msgid);
  if (s?.state === 'open' && s.req_id === undefined) scheduleRefresh(corp, rt, s);
}

function findStreamFor(corp: Corp, botid: string, reply: Record<string, unknown>): Stream | undefined {
  const st = reply['stream'] as Record<string, unknown> | undefined;
  return typeof st?.['id'] === 'string' ? corp.domains.aibot.streams.get(streamKey(botid, st['id'])) : undefined;
}

/**
 * Applies a bot's answer (passive reply or reply frame) to the conversation: opens or grows a stream,
 * shows a card or a text in the inbox. Returns why it was refused (also recorded), or undefined.
 */
export function applyReply(
  corp: Corp,
  origin: { botid: string; msgid: string; userid: string; chattype: ChatType; chatid: string | undefined },
  context: ReplyContext,
  reply: Record<string, unknown>,
  stream: Stream | undefined,
  reqId: string | undefined,
): string | undefined {
  const state = corp.domains.aibot;
  const now = corp.clock.nowMs();
  let error = checkReply(context, reply, stream?.id);
  const type = replyType(reply);
  if (!error && (type === 'stream' || type === 'stream_with_template_card')) {
    const body = reply['stream'] as Record<string, unknown>;
    const id = body['id'] as string;
    let s = stream ?? state.streams.get(streamKey(origin.botid, id));
    if (s && s.msgid !== origin.msgid) error = `stream.id ${JSON.stringify(id)} already answers another message`;
    else if (s && s.state !== 'open') error = `stream ${JSON.stringify(id)} is ${s.state === 'finished' ? 'finished' : 'past its 6-minute window'}`;
    else {
      if (!s) {
        s = openStream(corp, origin, id, reqId);
      }
      growStream(corp, s, body);
    }
  }
  if (!error && (type === 'template_card' || (type === 'stream_with_template_card' && reply['template_card'] !== undefined))) {
    const card = reply['template_card'] as Record<string, unknown>;
    const taskKey = typeof card['task_id'] === 'string' ? `${origin.botid} ${card['task_id']}` : undefined;
    if (taskKey && state.cards.has(taskKey)) error = `task_id ${JSON.stringify(card['task_id'])} was already used by this bot`;
    else {
      const shown = { ...card };
      if (taskKey) state.cards.set(taskKey, shown);
      deliverBotMessage(corp, { userid: origin.userid, aibotid: origin.botid, chatid: origin.chatid, msgid: newMsgid(corp), msgtype: 'template_card', content: shown });
      if (type === 'template_card') state.inProgress.delete(origin.msgid);
    }
  }
  if (!error && type === 'text') {
    deliverBotMessage(corp, { userid: origin.userid, aibotid: origin.botid, chatid: origin.chatid, msgid: newMsgid(corp), msgtype: 'text', content: { ...(reply['text'] as object) } });
  }
  if (!error && type === 'update_template_card') error = updateCard(corp, origin.botid, reply);
  state.record({ at: now, botid: origin.botid, direction: 'out', kind: context === 'refresh' ? 'stream_reply' : 'reply', msgid: origin.msgid, body: reply, error });
  return error;
}

/** update_template_card: the card of the event's task_id shows the new card ("模板卡片中的task_id需跟回调收到的task_id一致"). */
function updateCard(corp: Corp, botid: string, reply: Record<string, unknown>): string | undefined {
  const card = reply['template_card'] as Record<string, unknown>;
  const task = card['task_id'];
  const shown = typeof task === 'string' ? corp.domains.aibot.cards.get(`${botid} ${task}`) : undefined;
  if (!shown) return `no card of this bot has task_id ${JSON.stringify(task)}`;
  for (const k of Object.keys(shown)) delete shown[k];
  Object.assign(shown, card);
  return undefined;
}

function openStream(corp: Corp, origin: { botid: string; msgid: string; userid: string; chattype: ChatType; chatid: string | undefined }, id: string, reqId: string | undefined): Stream {
  const state = corp.domains.aibot;
  const shown: Record<string, unknown> = { id, content: '', finish: false };
  const s: Stream = {
    botid: origin.botid,
    id,
    msgid: origin.msgid,
    userid: origin.userid,
    chattype: origin.chattype,
    chatid: origin.chatid,
    started_at: state.inProgress.get(origin.msgid)?.at ?? corp.clock.nowMs(),
    state: 'open',
    content: '',
    msg_item: undefined,
    feedback_id: undefined,
    replies: 0,
    refreshes: 0,
    shown,
    req_id: reqId,
    next: undefined,
  };
  state.streams.set(streamKey(origin.botid, id), s);
  // The member sees the answer from its first reply on, growing in place.
  deliverBotMessage(corp, { userid: origin.userid, aibotid: origin.botid, chatid: origin.chatid, msgid: newMsgid(corp), msgtype: 'stream', content: shown });
  return s;
}

function growStream(corp: Corp, s: Stream, body: Record<string, unknown>): void {
  s.replies += 1;
  // "第一次回复内容为"1"，第二次回复"123"，则此时消息展示内容"123"": each reply replaces the content.
  if (typeof body['content'] === 'string') s.content = body['content'];
  s.shown['content'] = s.content;
  const fb = body['feedback'] as Record<string, unknown> | undefined;
  if (s.replies === 1 && typeof fb?.['id'] === 'string') s.feedback_id = s.shown['feedback_id'] = fb['id'];
  if (body['finish'] === true) {
    s.state = 'finished';
    s.shown['finish'] = true;
    if (Array.isArray(body['msg_item']) && body['msg_item'].length > 0) s.msg_item = s.shown['msg_item'] = body['msg_item'];
    if (s.next) s.next.cancelled = true;
    corp.domains.aibot.inProgress.delete(s.msgid);
  }
}

/** Asks the bot for its stream again after its refresh interval (流式消息刷新). */
function scheduleRefresh(corp: Corp, rt: Runtime, s: Stream): void {
  const bot = corp.domains.aibot.bots.get(s.botid);
  if (!bot || s.state !== 'open') return;
  s.next = corp.timers.at(corp.clock.nowMs() + bot.stream_refresh_ms, 'aibot stream refresh', 'aibot.refresh', { s });
}

/** The refresh itself (scheduled work: the stream is state, the delivery runtime is the mounted one). */
function refresh(corp: Corp, rt: Runtime, s: Stream): void {
  s.next = undefined;
  if (s.state !== 'open' || !corp.domains.aibot.bots.has(s.botid)) return;
  const bot = corp.domains.aibot.bots.get(s.botid)!;
  const origin: Origin = { bot, msgid: newMsgid(corp), userid: s.userid, chattype: s.chattype, chatid: s.chatid, at: corp.clock.nowMs() };
  const body = { ...head(origin), msgtype: 'stream', stream: { id: s.id } };
  s.refreshes += 1;
  corp.domains.aibot.record({ at: origin.at, botid: bot.botid, direction: 'in', kind: 'refresh', msgid: s.msgid, body, error: undefined });
  enqueue(corp, rt.engine, receiverOf(corp, bot, false), {
    plaintext: JSON.stringify(body),
    event: body,
    eventSeq: null,
    format: 'json',
    eventType: 'aibot/stream',
    // The refresh's own msgid is new; the stream still answers the member's message.
    onReply: (e) => onCallbackAnswer(corp, rt, { ...origin, msgid: s.msgid }, 'refresh', e, s),
  });
}

/** Six minutes after the member wrote: WeCom stops asking; an unfinished stream stays as it stands. */
function endWindow(corp: Corp, msgid: string): void {
  const state = corp.domains.aibot;
  state.inProgress.delete(msgid);
  for (const s of state.streams.values()) {
    if (s.msgid !== msgid || s.state !== 'open') continue;
    s.state = 'expired';
    s.shown['expired'] = true;
    if (s.next) s.next.cancelled = true;
  }
}

/** Issues a response_url for a member message or card event: `<mock>/cgi-bin/aibot/response?response_code=…`. */
function issueResponseUrl(corp: Corp, o: Origin, baseUrl: string): string {
  const code = rngOf(corp).string(43);
  corp.domains.aibot.responseUrls.set(code, {
    code,
    botid: o.bot.botid,
    msgid: o.msgid,
    userid: o.userid,
    chattype: o.chattype,
    chatid: o.chatid,
    expires_at: o.at + LIMITS.lifetime.aibot_response_url_lifetime.seconds * 1000,
    used: false,
  });
  return `${baseUrl}/cgi-bin/aibot/response?response_code=${code}`;
}

/** An active reply (response_url or aibot_send_msg) reaches the member's inbox. */
export function showActive(corp: Corp, botid: string, userid: string, chatid: string | undefined, body: Record<string, unknown>): string {
  const msgtype = String(body['msgtype']);
  const content = body[msgtype];
  const msgid = newMsgid(corp);
  deliverBotMessage(corp, { userid, aibotid: botid, chatid, msgid, msgtype, content: { ...(content as object) } });
  return msgid;
}

/** The delivery runtime of each running mock (its callback engine and long connections), set when the domain mounts. */
const runtimes = new WeakMap<CorpRegistry<DomainStates>, Runtime>();
export function bindRuntime(registry: CorpRegistry<DomainStates>, rt: Runtime): void {
  runtimes.set(registry, rt);
}

/** Scheduled work: a message's window ends; a stream is asked for again. */
export const aibotTasks = defineTasks({
  'aibot.window': (corp, a: { msgid: string }) => endWindow(corp, a.msgid),
  'aibot.refresh': (corp, a: { s: Stream }, _due, registry) => {
    const rt = runtimes.get(registry);
    if (rt) refresh(corp, rt, a.s);
  },
});
