/**
 * Per-corp state of the AI bots (智能机器人): the bots, the conversations the mock holds open with them
 * (member messages, streams the mock follows, response_urls), and what each bot answered. No HTTP, no
 * WebSocket: ws.ts holds the live connections. Facts: developer.work.weixin.qq.com/document/path/100719.
 */
import type { ScheduledTask } from '../../core/runtime/scheduler.js';
import type { Rng } from '../../core/runtime/rng.js';
import type { ReplyContext } from './rules.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** callback: WeCom POSTs encrypted JSON to the bot's URL; long_connection: the bot holds a WebSocket. */
export type BotMode = 'callback' | 'long_connection';

export interface Bot {
  botid: string;
  name: string;
  mode: BotMode;
  /** mode callback: the receiver URL, Token and EncodingAESKey. */
  url: string;
  token: string;
  encoding_aes_key: string;
  /** mode long_connection: the Secret of aibot_subscribe. */
  secret: string;
  /** How often the mock sends stream refresh callbacks, ms (WeCom gives no figure). */
  stream_refresh_ms: number;
  created_at: number;
}

export type ChatType = 'single' | 'group';

/** A stream the bot opened in answer to one member message. */
export interface Stream {
  botid: string;
  /** The bot's stream.id. */
  id: string;
  /** msgid of the member's message it answers. */
  msgid: string;
  userid: string;
  chattype: ChatType;
  chatid: string | undefined;
  /** When the member wrote (the time limit counts from here), ms. */
  started_at: number;
  state: 'open' | 'finished' | 'expired';
  /** The shown content: each reply replaces it (a reply "1" then "123" shows "123"). */
  content: string;
  msg_item: unknown[] | undefined;
  feedback_id: string | undefined;
  /** Replies the bot gave (the first one included). */
  replies: number;
  /** Refresh callbacks the mock sent. */
  refreshes: number;
  /** The inbox body: updated in place while the stream grows. */
  shown: Record<string, unknown>;
  /** Long connection: the req_id of the message frame the stream answers. */
  req_id: string | undefined;
  /** The next refresh callback, while one is booked. */
  next: ScheduledTask | undefined;
}

/** A response_url handed out with a member message: single use, time-limited. */
export interface ResponseUrl {
  code: string;
  botid: string;
  msgid: string;
  userid: string;
  chattype: ChatType;
  chatid: string | undefined;
  expires_at: number;
  used: boolean;
}

/** Something that happened between a member and a bot, as the control plane lists it. */
export interface Exchange {
  seq: number;
  at: number;
  botid: string;
  /** in: the mock to the bot (callback or frame); out: the bot's answer. */
  direction: 'in' | 'out';
  /** callback, refresh, frame, reply, response_url, send_msg, welcome… */
  kind: string;
  msgid: string | undefined;
  body: unknown;
  /** Why the mock refused the bot's answer (never thrown: recorded). */
  error: string | undefined;
}

const EXCHANGES_KEEP = 2000;

export class AibotState {
  /** The bots' own id stream (conversation.ts rngOf), made on first use. */
  rng: Rng | undefined = undefined;
  readonly bots = new Map<string, Bot>();
  /** `botid stream.id` → stream. */
  readonly streams = new Map<string, Stream>();
  readonly responseUrls = new Map<string, ResponseUrl>();
  /** Long connection: req_id of a pushed frame → what it was about. */
  readonly frames = new Map<string, { botid: string; msgid: string; userid: string; chattype: ChatType; chatid: string | undefined; kind: ReplyContext; at: number }>();
  readonly exchanges: Exchange[] = [];
  /** Member messages not answered to the end yet (msgid → bot, member, when): at most 3 per member and bot. */
  readonly inProgress = new Map<string, { botid: string; userid: string; at?: number }>();
  /** `botid task_id` → the card as the inbox shows it (update_template_card replaces it in place). */
  readonly cards = new Map<string, Record<string, unknown>>();
  private seq = 0;

  record(e: Omit<Exchange, 'seq'>): Exchange {
    const full = { seq: ++this.seq, ...e };
    this.exchanges.push(full);
    if (this.exchanges.length > EXCHANGES_KEEP + EXCHANGES_KEEP / 4) this.exchanges.splice(0, this.exchanges.length - EXCHANGES_KEEP);
    return full;
  }

  /** Streams of a member with a bot that are still open (at most 3 at a time). */
  openStreams(botid: string, userid: string): Stream[] {
    const u = userid.toLowerCase();
    return [...this.streams.values()].filter((s) => s.botid === botid && s.userid.toLowerCase() === u && s.state === 'open');
  }
}

export function streamKey(botid: string, id: string): string {
  return `${botid} ${id}`;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(AibotState);
