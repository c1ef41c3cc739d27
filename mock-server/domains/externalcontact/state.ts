/**
 * Customer contact (客户联系) of one corp: contact ways, customers and their follow relationships, customer
 * groups, corp customer tags and the domain's settings. Maps + indexes only; rules.ts decides errcodes.
 * A customer is stored once; the external_userid a caller sees is derived per caller (ids.ts).
 */
import type { CorpSeed } from '../../../fixtures/types.js';
import { LIMITS } from '../../../spec/generated/limits.js';
import { userKey } from '../contacts/index.js';
import { Acquisition } from './acquisition/state.js';
import { MassMessages } from './mass-messages/state.js';
import { Materials } from './materials/state.js';
import { Moments } from './moments/state.js';
import { Strategies } from './strategies/state.js';
import { Transfers } from './transfers/state.js';
import { snapshotClass } from '../../core/runtime/graph.js';

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
  /** Corp tag ids; replaced, never changed in place (the demo customers share the seed's arrays). */
  tag_ids: readonly string[];
  remark_corp_name: string;
  remark_mobiles: string[];
  /** A member's userid, or OPER_CUSTOMER: the customer added the member (answered as their external_userid, doc path/92114). */
  oper_userid: string;
  add_way: number;
  state: string;
}

/** Follow.oper_userid of a relationship the customer started. */
export const OPER_CUSTOMER = '';

export interface Customer {
  /** The mock's own id of the customer (never on the wire of WeCom operations). */
  id: string;
  name: string;
  unionid: string;
  gender: number;
  avatar: string;
  /** 1 WeChat user, 2 WeCom user (the simulations create WeChat users; the demo data has both). */
  type: 1 | 2;
  /** WeCom customers (type 2) only: their corp's short and full name and their position (doc path/92114). */
  corp_name: string;
  corp_full_name: string;
  position: string;
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

/** The demo customers' avatars: a few shared URLs (200,000 distinct strings would cost memory and tell nothing). */
const AVATARS = Array.from({ length: 64 }, (_, i) => `http://wx.qlogo.cn/mmhead/mockdemo${i}/0`);

export class ExternalContactState {
  readonly ways = new Map<string, ContactWay>();
  readonly customers = new Map<string, Customer>();
  /** userid key → customer ids, in the order they were added. */
  private readonly byMember = new Map<string, Set<string>>();
  private readonly memberLists = new Map<string, string[]>();
  readonly welcomeCodes = new Map<string, WelcomeCode>();
  /**
   * `${customer id}|${userid key}` → the relationship of a 免验证 add the member has not added back yet
   * (add_half_external_contact): no relationship for the API until then (errcode 84061's detail).
   */
  readonly halfAdded = new Map<string, Follow>();
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

  /** The corp's state with the seed's demo data; `nowSec` dates it (the seed holds ages, not dates). */
  static fromSeed(seed: CorpSeed, salt: string, nowSec: number): ExternalContactState {
    const s = new ExternalContactState(salt, seed.apps.map((a) => a.agentid));
    const cc = seed.customer_contact;
    for (const g of cc.tag_groups) {
      const group: TagGroup = { group_id: g.group_id, group_name: g.group_name, order: g.order, create_time: nowSec - g.create_time_ago, tags: new Map(), owner: null };
      for (const t of g.tags) {
        const tag: CorpTag = { id: t.id, name: t.name, order: t.order, create_time: group.create_time, group_id: g.group_id };
        group.tags.set(t.id, tag);
        s.tags.set(t.id, tag);
      }
      s.tagGroups.set(g.group_id, group);
    }
    const n = cc.customers.length;
    for (let i = 0; i < n; i++) {
      const c = cc.customers[i]!;
      const customer: Customer = {
        id: `c${i + 1}`,
        name: c.name,
        unionid: c.unionid,
        gender: c.gender,
        avatar: AVATARS[i % AVATARS.length]!,
        type: c.type,
        corp_name: c.corp_name,
        corp_full_name: c.corp_full_name,
        position: c.position,
        follows: new Map(),
      };
      s.customers.set(customer.id, customer);
      for (const f of c.follows) {
        s.addFollow(customer, userKey(f.userid), {
          userid: f.userid,
          remark: f.remark,
          description: f.description,
          createtime: nowSec - f.createtime_ago,
          tag_ids: f.tag_ids,
          remark_corp_name: f.remark_corp_name,
          remark_mobiles: f.remark_mobiles,
          oper_userid: f.oper_userid,
          add_way: f.add_way,
          state: f.state,
        });
      }
    }
    s.seq = n;
    for (const g of cc.group_chats) {
      const chat: GroupChat = {
        chat_id: g.chat_id,
        name: g.name,
        owner: g.owner,
        create_time: nowSec - g.create_time_ago,
        notice: g.notice,
        status: 0,
        dismissed: false,
        members: new Map(),
        admins: [...g.admins],
      };
      for (const m of g.members) {
        const ref = m.type === 1 ? m.userid! : `c${m.customer! + 1}`;
        chat.members.set(ref, { ref, type: m.type, join_time: nowSec - m.join_ago, join_scene: m.join_scene, invitor: m.invitor || undefined, group_nickname: '' });
      }
      s.chats.set(chat.chat_id, chat);
    }
    for (const w of cc.contact_ways) {
      s.ways.set(w.config_id, {
        config_id: w.config_id,
        type: w.type,
        scene: w.scene,
        style: 1,
        remark: w.remark,
        skip_verify: w.skip_verify,
        state: w.state,
        qr_code: w.scene === 2 ? `https://wework.qpic.cn/wwpic/mock/${w.config_id}/0` : '',
        user: [...w.user],
        party: [],
        is_temp: false,
        expires_in: 0,
        chat_expires_in: 0,
        unionid: '',
        conclusions: undefined,
        createdSec: nowSec - w.created_ago,
      });
    }
    return s;
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

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ExternalContactState);
