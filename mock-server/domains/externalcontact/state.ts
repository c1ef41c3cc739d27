/**
 * Customer contact (客户联系) of one corp: contact ways, customers and their follow relationships, customer
 * groups, corp customer tags and the domain's settings. Maps + indexes only; rules.ts decides errcodes.
 * A customer is stored once; the external_userid a caller sees is derived per caller (ids.ts).
 */
import type { CorpSeed } from '../../../fixtures/types.js';
import { LIMITS } from '../../../spec/generated/limits.js';
import { Acquisition } from './acquisition/state.js';
import { MassMessages } from './mass-messages/state.js';
import { Materials } from './materials/state.js';
import { Moments } from './moments/state.js';
import { Strategies } from './strategies/state.js';
import { Transfers } from './transfers/state.js';

export type Conclusions = {
  text?: { content?: string };
  image?: { media_id?: string; pic_url?: string };
  link?: { title?: string; picurl?: string; desc?: string; url?: string };
  miniprogram?: { title?: string; pic_media_id?: string; appid?: string; page?: string };
};

export interface ContactWay {
  config_id: string;
  type: 1 | 2;
  scene: 1 | 2;
  style: number;
  remark: string;
  skip_verify: boolean;
  state: string;
  qr_code: string;
  user: string[];
  party: number[];
  is_temp: boolean;
  expires_in: number;
  chat_expires_in: number;
  unionid: string;
  conclusions: Conclusions | undefined;
  createdSec: number;
}

export interface Follow {
  userid: string;
  remark: string;
  description: string;
  createtime: number;
  tag_ids: Set<string>;
  remark_corp_name: string;
  remark_mobiles: string[];
  oper_userid: string;
  add_way: number;
  state: string;
}

export interface Customer {
  /** The mock's own id of the customer (never on the wire of WeCom operations). */
  id: string;
  name: string;
  unionid: string;
  gender: number;
  avatar: string;
  /** 1 WeChat user (the only kind the simulations create). */
  type: 1 | 2;
  /** userid key → the member's relationship. */
  follows: Map<string, Follow>;
}

export interface CorpTag {
  id: string;
  name: string;
  order: number;
  create_time: number;
  group_id: string;
}

export interface TagGroup {
  group_id: string;
  group_name: string;
  order: number;
  create_time: number;
  tags: Map<string, CorpTag>;
  /** agentid of the app that created it; null = the customer-contact secret. */
  owner: number | null;
}

export interface GroupMember {
  /** userid (type 1) or the customer id (type 2). */
  ref: string;
  type: 1 | 2;
  join_time: number;
  join_scene: number;
  invitor: string | undefined;
  group_nickname: string;
}

export interface GroupChat {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice: string;
  status: number;
  dismissed: boolean;
  members: Map<string, GroupMember>;
  admins: string[];
}

export interface WelcomeCode {
  customerId: string;
  userKey: string;
  issuedMs: number;
  used: boolean;
}

export interface ExternalContactSettings {
  console_welcome_msg: boolean;
  callable: Set<number>;
  featureOff: Set<string>;
  contact_way_quota: number;
}

/** How many contact ways the API may create by default (mock choice; WeCom's figure is not in the reference). */
export const DEFAULT_CONTACT_WAY_QUOTA = 100_000;

export class ExternalContactState {
  readonly ways = new Map<string, ContactWay>();
  readonly customers = new Map<string, Customer>();
  /** userid key → customer ids, in the order they were added. */
  private readonly byMember = new Map<string, Set<string>>();
  private readonly memberLists = new Map<string, string[]>();
  /** external_userid → whose id it is (customer id, caller key). */
  readonly idIndex = new Map<string, { customerId: string; caller: string }>();
  /** (customer id, caller key) → external_userid. */
  readonly idOf = new Map<string, string>();
  readonly welcomeCodes = new Map<string, WelcomeCode>();
  readonly tagGroups = new Map<string, TagGroup>();
  readonly tags = new Map<string, CorpTag>();
  readonly chats = new Map<string, GroupChat>();
  readonly settings: ExternalContactSettings;
  /** Sub-areas (each folder's state.ts). */
  readonly mass = new MassMessages();
  readonly moments = new Moments();
  readonly transfers = new Transfers();
  readonly strategies = new Strategies();
  readonly acquisition = new Acquisition();
  readonly materials = new Materials();
  /** How parents follow the school: 1 QR code, 2 QR code after approval (doc path/92318). */
  subscribeMode = 1;
  private seq = 0;

  constructor(
    readonly salt: string,
    callable: number[],
  ) {
    this.settings = { console_welcome_msg: false, callable: new Set(callable), featureOff: new Set(), contact_way_quota: DEFAULT_CONTACT_WAY_QUOTA };
  }

  static fromSeed(seed: CorpSeed, salt: string): ExternalContactState {
    return new ExternalContactState(salt, seed.apps.map((a) => a.agentid));
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Customer ids of a member, oldest relationship first (cached; rebuilt after a change). */
  customersOf(userKey: string): readonly string[] {
    let list = this.memberLists.get(userKey);
    if (!list) {
      list = [...(this.byMember.get(userKey) ?? [])];
      this.memberLists.set(userKey, list);
    }
    return list;
  }

  addFollow(customer: Customer, userKey: string, follow: Follow): void {
    customer.follows.set(userKey, follow);
    let set = this.byMember.get(userKey);
    if (!set) this.byMember.set(userKey, (set = new Set()));
    set.add(customer.id);
    this.memberLists.delete(userKey);
  }

  removeFollow(customer: Customer, userKey: string): void {
    customer.follows.delete(userKey);
    this.byMember.get(userKey)?.delete(customer.id);
    this.memberLists.delete(userKey);
  }

  /** Contact ways the API created and not deleted (the 41045 quota counts them). */
  wayCount(): number {
    return this.ways.size;
  }

  corpTagCount(): number {
    return this.tags.size;
  }
}

export const B = LIMITS.bound;
