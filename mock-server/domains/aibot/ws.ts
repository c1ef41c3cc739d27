/**
 * The AI bot's long connection, like WeCom's openws service: a WebSocket where the bot subscribes with
 * `aibot_subscribe` (bot_id, secret), sends `ping` heartbeats, receives `aibot_msg_callback` /
 * `aibot_event_callback` frames and answers with `aibot_respond_msg`, `aibot_respond_welcome_msg`,
 * `aibot_respond_update_msg` and `aibot_send_msg`. Every frame is `{cmd, headers: {req_id}, body}`;
 * answers are `{headers: {req_id}, errcode, errmsg}`. A second subscription of the same bot receives the
 * connection and the old one gets `disconnected_event` and is closed. Facts: the official Node SDK
 * `@wecom/aibot-node-sdk` (its WsCmd and WsFrame types) (no public WeCom page documents the frames).
 * Bad frames are answered and recorded, never thrown.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer, WebSocket, RawData } from 'ws';
import { ERRCODES } from '../../core/errors/index.js';
import type { CorpRegistry } from '../../core/tenancy/registry.js';
import type { Corp, DomainStates } from '../types.js';
import { applyReply, rngOf, showActive, type FramePusher } from './conversation.js';
import { checkActive, type ReplyContext } from './rules.js';
import { streamKey, type Bot } from './state.js';

/** Paths the long connection answers on (WeCom's is the root of wss://openws.work.weixin.qq.com). */
export const WS_PATHS = ['/', '/openws'];
/** Largest frame read (upload chunks are 512 KB before base64). */
const MAX_FRAME_BYTES = 2 * 1024 * 1024;
/** aibot_respond_welcome_msg must come within 5 s of the event (the SDK's replyWelcome note). */
const WELCOME_WINDOW_MS = 5000;

interface Conn {
  ws: WebSocket;
  corpid: string | undefined;
  botid: string | undefined;
}

interface Frame {
  cmd?: unknown;
  headers?: { req_id?: unknown };
  body?: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export class LongConnections implements FramePusher {
  /** The WebSocket server, made on the first upgrade (ws is not loaded at start-up: cold start). */
  private wss: Promise<WebSocketServer> | undefined;
  /** `corpid botid` → the subscribed connection. */
  private readonly live = new Map<string, Conn>();
  private frameSeq = 0;

  constructor(
    private readonly registry: CorpRegistry<DomainStates>,
    private readonly log: (m: string) => void,
  ) {}

  /** The manifest's upgrade handler. */
  upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!WS_PATHS.includes(path)) return false;
    this.wss ??= import('ws').then((m) => new m.WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES }));
    this.wss.then(
      (wss) => wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws)),
      (e: unknown) => {
        this.log(`aibot long connection: cannot load ws (${String(e)})`);
        socket.destroy();
      },
    );
    return true;
  };

  /** Whether a bot holds a subscribed connection. */
  connected(corpid: string, botid: string): boolean {
    return this.live.has(`${corpid} ${botid}`);
  }

  /** Closes a bot's connection (the control plane's "drop the connection", to test reconnects). */
  drop(corpid: string, botid: string): boolean {
    const c = this.live.get(`${corpid} ${botid}`);
    if (!c) return false;
    this.live.delete(`${corpid} ${botid}`);
    c.ws.close(1001, 'closed by wecom-mock');
    return true;
  }

  push(corp: Corp, bot: Bot, cmd: 'aibot_msg_callback' | 'aibot_event_callback', body: Record<string, unknown>): string | undefined {
    const c = this.live.get(`${corp.corpid} ${bot.botid}`);
    if (!c) return undefined;
    const reqId = `${cmd}_${Date.now()}_${++this.frameSeq}_${rngOf(corp).hex(8)}`;
    this.send(c.ws, { cmd, headers: { req_id: reqId }, body });
    return reqId;
  }

  private send(ws: WebSocket, frame: Record<string, unknown>): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  private answer(ws: WebSocket, reqId: string, errcode: number, errmsg: string, body?: Record<string, unknown>): void {
    this.send(ws, { headers: { req_id: reqId }, errcode, errmsg, ...(body && { body }) });
  }

  private accept(ws: WebSocket): void {
    const conn: Conn = { ws, corpid: undefined, botid: undefined };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      try {
        this.onFrame(conn, data, isBinary);
      } catch (e) {
        this.log(`wecom-mock aibot: frame handling failed: ${(e as Error).stack ?? String(e)}`);
      }
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      if (conn.corpid !== undefined && conn.botid !== undefined && this.live.get(`${conn.corpid} ${conn.botid}`) === conn) {
        this.live.delete(`${conn.corpid} ${conn.botid}`);
      }
    });
  }

  private corpOf(conn: Conn): Corp | undefined {
    return conn.corpid === undefined ? undefined : this.registry.get(conn.corpid);
  }

  private onFrame(conn: Conn, data: RawData, isBinary: boolean): void {
    let frame: Frame;
    try {
      const v: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
      if (!isObj(v)) throw new Error('not an object');
      frame = v as Frame;
    } catch {
      this.invalid(conn, '', isBinary ? 'binary frame (frames are JSON text)' : 'frame is not a JSON object {cmd, headers: {req_id}, body}');
      return;
    }
    const reqId = typeof frame.headers?.req_id === 'string' ? frame.headers.req_id : '';
    const cmd = typeof frame.cmd === 'string' ? frame.cmd : '';
    if (cmd === 'aibot_subscribe') return this.subscribe(conn, reqId, frame.body);
    const corp = this.corpOf(conn);
    if (!corp || conn.botid === undefined) {
      this.invalid(conn, reqId, `${cmd || 'frame'} before a successful aibot_subscribe`, ERRCODES.INVALID_CREDENTIAL);
      return;
    }
    if (reqId === '') {
      this.invalid(conn, reqId, 'headers.req_id is required');
      return;
    }
    const body = isObj(frame.body) ? frame.body : {};
    switch (cmd) {
      case 'ping':
        this.answer(conn.ws, reqId, 0, 'ok');
        return;
      case 'aibot_respond_msg':
        return this.respond(conn, corp, reqId, body, 'reply');
      case 'aibot_respond_welcome_msg':
        return this.respond(conn, corp, reqId, body, 'welcome');
      case 'aibot_respond_update_msg':
        return this.respond(conn, corp, reqId, body, 'update');
      case 'aibot_send_msg':
        return this.sendMsg(conn, corp, reqId, body);
      default:
        this.invalid(conn, reqId, `unknown cmd ${JSON.stringify(cmd)}`);
    }
  }

  /** A refused frame: answered with an errcode when it has a req_id, recorded on the bot when known. */
  private invalid(conn: Conn, reqId: string, error: string, errcode: number = ERRCODES.INVALID_PARAMETER): void {
    const corp = this.corpOf(conn);
    if (corp && conn.botid !== undefined) {
      corp.domains.aibot.record({ at: corp.clock.nowMs(), botid: conn.botid, direction: 'out', kind: 'frame', msgid: undefined, body: null, error });
    }
    this.answer(conn.ws, reqId, errcode, error);
  }

  private subscribe(conn: Conn, reqId: string, body: unknown): void {
    const b = isObj(body) ? body : {};
    const botid = typeof b['bot_id'] === 'string' ? b['bot_id'] : '';
    const secret = typeof b['secret'] === 'string' ? b['secret'] : '';
    let found: { corp: Corp; bot: Bot } | undefined;
    for (const corp of this.registry.corps.values()) {
      const bot = corp.domains.aibot.bots.get(botid);
      if (bot) found = { corp, bot };
    }
    // Mock choice: WeCom's errcodes for a refused subscription are not published; 40001 / 40091 say what is wrong.
    if (!found) return this.answer(conn.ws, reqId, ERRCODES.INVALID_CREDENTIAL, `unknown bot_id ${JSON.stringify(botid)}`);
    if (found.bot.mode !== 'long_connection') {
      return this.answer(conn.ws, reqId, ERRCODES.INVALID_CREDENTIAL, `bot ${botid} receives callbacks at a URL, not on the long connection`);
    }
    if (secret !== found.bot.secret) return this.answer(conn.ws, reqId, ERRCODES.INVALID_SECRET, 'invalid secret');
    const key = `${found.corp.corpid} ${botid}`;
    const old = this.live.get(key);
    conn.corpid = found.corp.corpid;
    conn.botid = botid;
    this.live.set(key, conn);
    this.answer(conn.ws, reqId, 0, 'ok');
    found.corp.domains.aibot.record({ at: found.corp.clock.nowMs(), botid, direction: 'out', kind: 'subscribe', msgid: undefined, body: null, error: undefined });
    if (old && old !== conn) {
      // A newer connection takes over: the old one is told (disconnected_event) and closed.
      const now = found.corp.clock.nowMs();
      this.send(old.ws, {
        cmd: 'aibot_event_callback',
        headers: { req_id: `aibot_event_callback_${Date.now()}_${++this.frameSeq}` },
        body: { msgid: `disconnect_${this.frameSeq}`, create_time: Math.floor(now / 1000), aibotid: botid, msgtype: 'event', event: { eventtype: 'disconnected_event' } },
      });
      old.corpid = undefined;
      old.botid = undefined;
      old.ws.close(1000, 'a new connection subscribed this bot');
    }
  }

  private respond(conn: Conn, corp: Corp, reqId: string, body: Record<string, unknown>, kind: 'reply' | 'welcome' | 'update'): void {
    const state = corp.domains.aibot;
    const pushed = state.frames.get(reqId);
    if (!pushed || pushed.botid !== conn.botid) return this.invalid(conn, reqId, `req_id ${reqId} is not a frame pushed to this bot`);
    const context = pushed.kind;
    const wanted: ReplyContext[] = kind === 'welcome' ? ['enter_chat'] : kind === 'update' ? ['template_card_event'] : ['message', 'enter_chat'];
    if (!wanted.includes(context)) return this.invalid(conn, reqId, `this cmd does not answer a ${context} frame`);
    if (kind === 'welcome' && corp.clock.nowMs() - pushed.at > WELCOME_WINDOW_MS) {
      return this.invalid(conn, reqId, 'the welcome message came more than 5 s after enter_chat');
    }
    // Later replies on the same req_id grow the stream the first one opened.
    const st = isObj(body['stream']) && typeof body['stream']['id'] === 'string' ? state.streams.get(streamKey(pushed.botid, body['stream']['id'])) : undefined;
    const error = applyReply(corp, pushed, context, body, st?.msgid === pushed.msgid ? st : undefined, reqId);
    if (error) this.answer(conn.ws, reqId, ERRCODES.INVALID_PARAMETER, error);
    else this.answer(conn.ws, reqId, 0, 'ok');
  }

  /** aibot_send_msg: an active message to a single chat (chatid = the member's userid) or a group chat. */
  private sendMsg(conn: Conn, corp: Corp, reqId: string, body: Record<string, unknown>): void {
    const chatid = typeof body['chatid'] === 'string' ? body['chatid'] : '';
    if (!chatid) return this.invalid(conn, reqId, 'chatid is required');
    const error = checkActive(body);
    if (error) return this.invalid(conn, reqId, error);
    const member = corp.domains.contacts.getUser(chatid);
    const state = corp.domains.aibot;
    // A group chat the mock has seen with this bot reaches the members who wrote there.
    const userids = member ? [member.userid] : [...new Set([...state.frames.values()].filter((f) => f.chatid === chatid && f.botid === conn.botid).map((f) => f.userid))];
    if (userids.length === 0) return this.invalid(conn, reqId, `chatid ${chatid} is neither a member nor a group chat of this bot`);
    for (const u of userids) showActive(corp, conn.botid!, u, member ? undefined : chatid, body);
    state.record({ at: corp.clock.nowMs(), botid: conn.botid!, direction: 'out', kind: 'send_msg', msgid: undefined, body, error: undefined });
    this.answer(conn.ws, reqId, 0, 'ok');
  }
}
