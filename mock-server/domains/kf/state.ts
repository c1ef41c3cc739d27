/**
 * Per-corp state of 微信客服 (kf): accounts and their servicers, WeChat customers, sessions and their states,
 * the messages kf/sync_msg reads (kept 3 days of mock time), one-time codes (welcome / reply / closing words),
 * sync tokens of the kf_msg_or_event callback, daily statistics, the knowledge base and the 升级服务 settings.
 * No HTTP, no errcode decisions.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { ALNUM, drawUnused, Rng } from '../../core/runtime/rng.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** 0 未处理, 1 由智能助手接待, 2 待接入池排队中, 3 由人工接待, 4 已结束/未开始 (doc path/94669). */
export type ServiceState = 0 | 1 | 2 | 3 | 4;

export interface Servicer {
  userid: string;
  /** 0 接待中, 1 停止接待 (doc path/94645). */
  status: 0 | 1;
  /** When stopped: 0 停止接待, 1 暂时挂起. */
  stop_type: 0 | 1;
}

export interface KfAccount {
  open_kfid: string;
  name: string;
  avatarMediaId: string;
  /** Accounts the API manages (all the mock's: it has no admin console). */
  manage_privilege: boolean;
  createdAtMs: number;
  /** userKey → servicer. */
  readonly servicers: Map<string, Servicer>;
  readonly departments: Set<number>;
  /** The account's link id (`kfc…`). */
  linkId: string;
}

export interface EnterContext {
  scene: string;
  scene_param: string;
  wechat_channels?: { nickname: string; scene: number; shop_nickname: string };
}

export interface KfCustomer {
  external_userid: string;
  nickname: string;
  avatar: string;
  gender: 0 | 1 | 2;
  unionid: string;
  context: EnterContext | undefined;
  lastWelcomeAtMs: number | undefined;
}

export interface KfSession {
  open_kfid: string;
  external_userid: string;
  state: ServiceState;
  servicer: string | undefined;
  startedAtMs: number;
  /** The customer's last message (the 48 h / 5 messages window of kf/send_msg). */
  lastCustomerMsgMs: number | undefined;
  repliesSinceCustomer: number;
  /** A reply-words code was handed out for the first move to 2 or 3 (doc path/94669 msg_code). */
  replyCodeIssued: boolean;
}

/** A message or event kf/sync_msg reads. */
export interface KfMessage {
  seq: number;
  msgid: string;
  open_kfid: string;
  external_userid: string;
  send_time: number;
  /** 3 the WeChat customer, 4 a system event, 5 a servicer in the WeCom client. */
  origin: 3 | 4 | 5;
  servicer_userid: string | undefined;
  msgtype: string;
  body: Record<string, unknown>;
  atMs: number;
}

/** A message the corp sent through kf/send_msg or kf/send_msg_on_event (the control plane shows them). */
export interface KfSent {
  msgid: string;
  open_kfid: string;
  touser: string;
  msgtype: string;
  content: unknown;
  atMs: number;
  via: 'send_msg' | 'send_msg_on_event';
}

export interface KfCode {
  code: string;
  kind: 'welcome' | 'reply' | 'closing';
  open_kfid: string;
  external_userid: string;
  expiresAtMs: number;
  used: boolean;
}

export interface DayStat {
  sessions: number;
  customers: Set<string>;
  customerMsgs: number;
  /** Servicer statistics only: sessions with a servicer reply, and seconds to it. */
  replied: number;
  firstReplySec: number;
}

export interface KnowledgeGroup {
  group_id: string;
  name: string;
  is_default: 0 | 1;
}

export interface KnowledgeIntent {
  intent_id: string;
  group_id: string;
  question: unknown;
  similar_questions: unknown;
  answers: unknown;
}

const ID_ALPHABET = `${ALNUM}-_`;

/** The 00:00 (Beijing time) of the day containing `ms`, in Unix seconds. */
export function dayStart(ms: number): number {
  return chinaDayStart(Math.floor(ms / 1000));
}

export class KfState {
  readonly rng: Rng;
  readonly accounts = new Map<string, KfAccount>();
  readonly deleted = new Set<string>();
  readonly customers = new Map<string, KfCustomer>();
  /** `${open_kfid}|${external_userid}` → session. */
  readonly sessions = new Map<string, KfSession>();
  messages: KfMessage[] = [];
  readonly sent: KfSent[] = [];
  /** `${open_kfid}|${msgid}` of every msgid used (kf/send_msg's msgid must be new). */
  readonly msgids = new Set<string>();
  readonly codes = new Map<string, KfCode>();
  /** sync tokens → expiry (ms). */
  readonly tokens = new Map<string, number>();
  /** `${open_kfid}|${day}` and `${open_kfid}|${servicer}|${day}` → the day's counters. */
  readonly stats = new Map<string, DayStat>();
  readonly groups = new Map<string, KnowledgeGroup>();
  readonly intents = new Map<string, KnowledgeIntent>();
  upgrade: { userid_list: string[]; department_id_list: number[]; chat_id_list: string[] } = { userid_list: [], department_id_list: [], chat_id_list: [] };
  private seq = 0;
  /** Mock time of the retention sweep already booked (undefined: none). */
  sweepAtMs: number | undefined;

  constructor(seed: string) {
    this.rng = new Rng(`${seed}:kf`);
  }

  newId(prefix: string, length: number, taken: (id: string) => boolean): string {
    return drawUnused(() => `${prefix}${this.rng.string(length, ID_ALPHABET)}`, { has: taken });
  }

  session(open_kfid: string, external_userid: string): KfSession | undefined {
    return this.sessions.get(`${open_kfid}|${external_userid}`);
  }

  putSession(s: KfSession): void {
    this.sessions.set(`${s.open_kfid}|${s.external_userid}`, s);
  }

  append(m: Omit<KfMessage, 'seq'>): KfMessage {
    const full: KfMessage = { seq: ++this.seq, ...m };
    this.messages.push(full);
    return full;
  }

  /** Drops messages past the 3-day retention; answers the time of the oldest left (undefined: none). */
  prune(nowMs: number): number | undefined {
    const cutoff = nowMs - LIMITS.lifetime.kf_message_retention.seconds * 1000;
    let drop = 0;
    while (drop < this.messages.length && this.messages[drop]!.atMs <= cutoff) drop++;
    if (drop > 0) this.messages = this.messages.slice(drop);
    for (const [t, exp] of this.tokens) if (exp <= nowMs) this.tokens.delete(t);
    for (const [c, rec] of this.codes) if (rec.expiresAtMs <= nowMs) this.codes.delete(c);
    return this.messages[0]?.atMs;
  }

  stat(key: string): DayStat {
    let s = this.stats.get(key);
    if (!s) this.stats.set(key, (s = { sessions: 0, customers: new Set(), customerMsgs: 0, replied: 0, firstReplySec: 0 }));
    return s;
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(KfState);
