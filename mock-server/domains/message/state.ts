/**
 * A corp's messaging state: sent app and app-chat messages, each member's inbox (delivered and dropped),
 * response codes of template cards, quota counters, app group chats and group robots. No HTTP, no errcodes.
 */

import { QuotaCounter, type Windows, type WindowName } from '../../core/pipeline/limits.js';

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
export const INBOX_KEEP = 1000;

function trim<T>(list: T[]): void {
  // Trim in batches so a long run of sends stays O(1) amortised per entry.
  if (list.length > INBOX_KEEP + INBOX_KEEP / 4) list.splice(0, list.length - INBOX_KEEP);
}

export class MessageState {
  private seq = 0;
  readonly messages = new Map<string, SentMessage>();
  /** userid key → entries, oldest first (at most about INBOX_KEEP). */
  readonly inbox = new Map<string, InboxEntry[]>();
  readonly responseCodes = new Map<string, ResponseCode>();
  /** Recipient-sends per app and day (message_recipients_per_app_day). */
  readonly appDay = new QuotaCounter();
  /** Messages per app and member (message_per_member_per_app), key `agentid:userkey`. */
  readonly memberRate = new QuotaCounter();
  /** App-chat messages per app and member (appchat_per_member_per_app). */
  readonly chatMemberRate = new QuotaCounter();
  /** App-chat recipient-messages per corp (appchat_recipients_per_corp). */
  readonly chatRecipients = new QuotaCounter();
  readonly chatCreates = new QuotaCounter();
  readonly chatUpdates = new QuotaCounter();
  /** `agentid:fingerprint` → the first send within the duplicate-check window. */
  readonly duplicates = new Map<string, { atMs: number; untilMs: number; answer: Record<string, unknown>; msgid: string }>();
  /** userid keys without an interface license. */
  unlicensed = new Set<string>();
  readonly chats = new Map<string, AppChat>();
  readonly robots = new Map<string, Robot>();
  readonly robotRate = new QuotaCounter();
  robotSeq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  addToInbox(userKey: string, entry: InboxEntry): void {
    let list = this.inbox.get(userKey);
    if (!list) this.inbox.set(userKey, (list = []));
    list.push(entry);
    trim(list);
  }

  addRobotMessage(robot: Robot, m: RobotMessage): void {
    robot.messages.push(m);
    trim(robot.messages);
  }
}
