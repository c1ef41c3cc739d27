/**
 * A corp's messaging state: sent app and app-chat messages, each member's inbox (delivered and dropped),
 * response codes of template cards, quota counters, app group chats and group robots. No HTTP, no errcodes.
 */

import { LIMITS } from '../../../spec/generated/limits.js';
import { QuotaBook, type Windows, type WindowName } from '../../core/pipeline/limits.js';
import type { AnswerOf } from '../../core/pipeline/typed-route.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export type { Windows, WindowName };

/** What an interactive template card carries for clicks and updates. */
export interface CardInfo {
  card_type: string;
  task_id: string | undefined;
  /** Button / submit / action-menu keys, first = the default a click presses. */
  keys: string[];
  interactive: boolean;
}

/** One message sent by an app (message/send) or into an app group chat (appchat/send). */
export interface SentMessage {
  msgid: string;
  source: 'app' | 'appchat' | 'aibot';
  /** The sending app (0 for an AI bot's message: it is no app). */
  agentid: number;
  /** The AI bot that answered (source aibot). */
  aibotid?: string;
  chatid: string | undefined;
  msgtype: string;
  /** The msgtype's body as delivered (possibly updated by update_template_card). */
  content: Record<string, unknown>;
  safe: number;
  sentAtMs: number;
  /** userid keys it was delivered to. */
  deliveredTo: Set<string>;
  recalled: boolean;
  card: CardInfo | undefined;
  /** Per-member card replacements (update_template_card); userid key → body. */
  cardUpdates: Map<string, Record<string, unknown>>;
  /** The response_code of the send (interactive cards). */
  responseCode: string | undefined;
}

/** A message as it leaves its sender: delivered to nobody yet, not recalled, no card replacements. */
export function newSentMessage(
  m: Pick<SentMessage, 'msgid' | 'source' | 'agentid' | 'chatid' | 'msgtype' | 'content' | 'safe' | 'sentAtMs'> &
    Partial<Pick<SentMessage, 'aibotid' | 'card' | 'deliveredTo'>>,
): SentMessage {
  return { deliveredTo: new Set(), recalled: false, card: undefined, cardUpdates: new Map(), responseCode: undefined, ...m };
}

export type DropReason = 'member_minute_limit' | 'member_hour_limit' | 'member_day_limit' | 'duplicate' | 'unlicensed';

export interface InboxEntry {
  seq: number;
  msg: SentMessage;
  delivered: boolean;
  dropped_reason: DropReason | undefined;
  atMs: number;
}

export interface ResponseCode {
  msgid: string;
  agentid: number;
  expiresAtMs: number;
  used: boolean;
}

export interface AppChat {
  chatid: string;
  name: string;
  owner: string;
  /** userids as stored in contacts, in the order they joined. */
  userlist: string[];
  agentid: number;
}

export interface RobotMessage {
  seq: number;
  time: number;
  msgtype: string;
  content: Record<string, unknown>;
}

export interface RobotMedia {
  id: string;
  type: 'file' | 'voice';
  bytes: number;
  expiresAtMs: number;
}

export interface Robot {
  key: string;
  name: string;
  disabled: boolean;
  messages: RobotMessage[];
  media: Map<string, RobotMedia>;
}

/** Entries kept per member inbox and per robot (mock choice: bounded memory; oldest go first). */
export const INBOX_KEEP = LIMITS.bound.inbox_entries_per_member.max;

function trim<T>(list: T[]): void {
  // Trim in batches so a long run of sends stays O(1) amortised per entry.
  if (list.length > INBOX_KEEP + INBOX_KEEP / 4) list.splice(0, list.length - INBOX_KEEP);
}

/** How much messaging state a corp keeps (limits.yaml); tests pass smaller numbers. */
export interface MessageRetention {
  /** Sent messages kept (app and app-chat). */
  messages: number;
  /** Bytes of their bodies kept (estimated from the JSON). */
  bytes: number;
  /** Inbox entries kept across all members. */
  inboxEntries: number;
  /** Mock milliseconds a message and its inbox entries are kept. */
  retentionMs: number;
}

export function defaultMessageRetention(): MessageRetention {
  return {
    messages: LIMITS.bound.sent_messages_per_corp.max,
    bytes: LIMITS.size.sent_messages_per_corp_max.bytes,
    inboxEntries: LIMITS.bound.inbox_entries_per_corp.max,
    retentionMs: LIMITS.lifetime.state_retention.seconds * 1000,
  };
}

/** The longest enable_duplicate_check window: a remembered send older than this is gone for sure. */
const DUPLICATE_MAX_MS = LIMITS.lifetime.duplicate_check_interval_max.seconds * 1000;

export class MessageState {
  private seq = 0;
  readonly messages = new Map<string, SentMessage>();
  /** userid key → entries, oldest first (at most about INBOX_KEEP). */
  readonly inbox = new Map<string, InboxEntry[]>();
  readonly responseCodes = new Map<string, ResponseCode>();
  /**
   * The sending quotas by limits.yaml name, each with its own key: message_recipients_per_app_day per agentid,
   * message_per_member_per_app and appchat_per_member_per_app per `agentid:userkey`, webhook_robot_per_minute per
   * robot key, the appchat_*_per_corp ones under `corp`.
   */
  readonly quotas = new QuotaBook();
  /** `agentid:fingerprint` → the first send within the duplicate-check window. */
  readonly duplicates = new Map<string, { atMs: number; untilMs: number; answer: AnswerOf<'message_send'>; msgid: string }>();
  /** userid keys without an interface license. */
  unlicensed = new Set<string>();
  readonly chats = new Map<string, AppChat>();
  readonly robots = new Map<string, Robot>();
  robotSeq = 0;
  /** Every message still referenced (app and app-chat), oldest first, with its estimated body bytes. */
  private readonly retained = new Map<SentMessage, number>();
  private retainedBytes = 0;
  /** Every inbox entry in filing order (entries trimmed per member are skipped when reached). */
  private inboxOrder: Array<{ key: string; entry: InboxEntry } | undefined> = [];
  private inboxHead = 0;
  private writes = 0;

  constructor(readonly retention: MessageRetention = defaultMessageRetention()) {}

  nextSeq(): number {
    return ++this.seq;
  }

  /** Records a message/send message (recall, card updates, duplicates find it by msgid). */
  addMessage(msg: SentMessage, nowMs: number): void {
    this.messages.set(msg.msgid, msg);
    this.retain(msg);
    this.written(nowMs);
  }

  addToInbox(userKey: string, entry: InboxEntry): void {
    let list = this.inbox.get(userKey);
    if (!list) this.inbox.set(userKey, (list = []));
    list.push(entry);
    trim(list);
    this.retain(entry.msg);
    this.inboxOrder.push({ key: userKey, entry });
    this.written(entry.atMs);
  }

  /** Messages kept, their estimated bytes and the inbox entries filed (for tests and the soak bench). */
  get sizes(): { messages: number; bytes: number; inboxEntries: number } {
    return { messages: this.retained.size, bytes: this.retainedBytes, inboxEntries: this.inboxOrder.length - this.inboxHead };
  }

  private retain(msg: SentMessage): void {
    if (this.retained.has(msg)) return;
    const bytes = 256 + JSON.stringify(msg.content).length;
    this.retained.set(msg, bytes);
    this.retainedBytes += bytes;
  }

  /** Sweeps on write: at once when a bound is crossed, else every 256 writes (the age rule). */
  private written(nowMs: number): void {
    const r = this.retention;
    if (++this.writes >= 256 || this.retained.size > r.messages || this.retainedBytes > r.bytes || this.inboxOrder.length - this.inboxHead > r.inboxEntries) {
      this.writes = 0;
      this.sweep(nowMs);
    }
  }

  /**
   * Drops what is past the retention (mock time) or beyond the bounds: the oldest messages first, with
   * their response codes and inbox entries; expired duplicate-check records and response codes. Walks
   * from the oldest end and stops at the first thing to keep, so it is cheap when there is little to drop.
   */
  sweep(nowMs: number): void {
    const r = this.retention;
    const cutoff = nowMs - r.retentionMs;
    for (const [msg, bytes] of this.retained) {
      if (this.retained.size <= r.messages && this.retainedBytes <= r.bytes && msg.sentAtMs >= cutoff) break;
      this.retained.delete(msg);
      this.retainedBytes -= bytes;
      if (this.messages.get(msg.msgid) === msg) this.messages.delete(msg.msgid);
      if (msg.responseCode !== undefined) this.responseCodes.delete(msg.responseCode);
    }
    // Inbox entries: the oldest first; an entry whose message was dropped goes too.
    while (this.inboxHead < this.inboxOrder.length) {
      const item = this.inboxOrder[this.inboxHead]!;
      const live = this.inboxOrder.length - this.inboxHead;
      if (live <= r.inboxEntries && item.entry.atMs >= cutoff && this.retained.has(item.entry.msg)) break;
      const list = this.inbox.get(item.key);
      if (list && list[0] === item.entry) {
        list.shift();
        if (list.length === 0) this.inbox.delete(item.key);
      }
      this.inboxOrder[this.inboxHead++] = undefined;
    }
    if (this.inboxHead >= 1024 && this.inboxHead * 2 >= this.inboxOrder.length) {
      this.inboxOrder = this.inboxOrder.slice(this.inboxHead);
      this.inboxHead = 0;
    }
    for (const [code, rc] of this.responseCodes) {
      if (rc.expiresAtMs > nowMs && this.responseCodes.size <= r.messages) break;
      this.responseCodes.delete(code);
    }
    for (const [key, d] of this.duplicates) {
      if (d.atMs + DUPLICATE_MAX_MS > nowMs && this.duplicates.size <= r.messages) break;
      this.duplicates.delete(key);
    }
  }

  addRobotMessage(robot: Robot, m: RobotMessage): void {
    robot.messages.push(m);
    trim(robot.messages);
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(MessageState);
