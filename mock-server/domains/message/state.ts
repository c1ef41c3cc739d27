/**
 * A corp's messaging state: sent app and app-chat messages, each member's inbox (delivered and dropped),
 * response codes of template cards, quota counters, app group chats and group robots. No HTTP, no errcodes.
 */

/** The windows a counter may have (limits.yaml quota entries). */
export interface Windows {
  per_minute?: number;
  per_hour?: number;
  per_day?: number;
}

export type WindowName = 'minute' | 'hour' | 'day';

const SPANS: Array<[keyof Windows, WindowName, number]> = [
  ['per_minute', 'minute', 60_000],
  ['per_hour', 'hour', 3_600_000],
  ['per_day', 'day', 86_400_000],
];

/**
 * Counts over fixed minute/hour/day windows of the mock clock (aligned as the pipeline's rate windows).
 * `tryAdd` counts `n` only when every window stays within its limit, so a refused or dropped send is
 * never half counted.
 */
export class CountWindows {
  private readonly starts = [0, 0, 0];
  private readonly counts = [0, 0, 0];

  /** Adds `n` and returns undefined, or returns the first window `n` would exceed (nothing added). */
  tryAdd(now: number, n: number, windows: Windows, scale = 1): WindowName | undefined {
    for (let i = 0; i < SPANS.length; i++) {
      const [key, name, span] = SPANS[i]!;
      const limit = windows[key];
      if (limit === undefined) continue;
      const start = now - (now % span);
      if (this.starts[i] !== start) {
        this.starts[i] = start;
        this.counts[i] = 0;
      }
      if (this.counts[i]! + n > limit * scale) return name;
    }
    for (let i = 0; i < SPANS.length; i++) if (windows[SPANS[i]![0]] !== undefined) this.counts[i]! += n;
    return undefined;
  }
}

/** Counters keyed by a string (app, member, robot…). */
export class KeyedWindows {
  private readonly map = new Map<string, CountWindows>();
  tryAdd(key: string, now: number, n: number, windows: Windows, scale = 1): WindowName | undefined {
    let c = this.map.get(key);
    if (!c) this.map.set(key, (c = new CountWindows()));
    return c.tryAdd(now, n, windows, scale);
  }
}

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
  source: 'app' | 'appchat';
  agentid: number;
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
  readonly appDay = new KeyedWindows();
  /** Messages per app and member (message_per_member_per_app), key `agentid:userkey`. */
  readonly memberRate = new KeyedWindows();
  /** App-chat messages per app and member (appchat_per_member_per_app). */
  readonly chatMemberRate = new KeyedWindows();
  /** App-chat recipient-messages per corp (appchat_recipients_per_corp). */
  readonly chatRecipients = new CountWindows();
  readonly chatCreates = new CountWindows();
  readonly chatUpdates = new CountWindows();
  /** `agentid:fingerprint` → the first send within the duplicate-check window. */
  readonly duplicates = new Map<string, { atMs: number; untilMs: number; answer: Record<string, unknown>; msgid: string }>();
  /** userid keys without an interface license. */
  unlicensed = new Set<string>();
  readonly chats = new Map<string, AppChat>();
  readonly robots = new Map<string, Robot>();
  readonly robotRate = new KeyedWindows();
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
