/**
 * 邮件 state of a corp: mail groups, public (业务) mailboxes with their client auth codes, each app's mailbox,
 * members' unread counts, mail options and VIP seats.
 */
import { Rng } from '../../core/runtime/rng.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface MailGroup {
  groupid: string;
  groupname: string;
  email_list: string[];
  tag_list: number[];
  department_list: number[];
  group_list: string[];
  allow_type: number;
  allow_emaillist: string[];
  allow_departmentlist: number[];
  allow_taglist: number[];
}

export interface AuthCode {
  auth_code_id: number;
  code: string;
  create_time: number;
  last_use_time: number;
  remark: string;
}

export interface PublicMailbox {
  id: number;
  email: string;
  name: string;
  userid_list: string[];
  department_list: number[];
  tag_list: number[];
  alias_list: string[];
  authCodes: Map<number, AuthCode>;
  disabled: boolean;
}

export interface Mail {
  mail_id: string;
  time: number;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  content: string;
  meeting: boolean;
}

export interface AppMailbox {
  email: string;
  aliases: string[];
  mails: Mail[];
}

export const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export class ExmailState {
  readonly groups = new Map<string, MailGroup>();
  readonly publics = new Map<number, PublicMailbox>();
  /** App mailboxes by agentid (0: a system secret's calls). */
  readonly apps = new Map<number, AppMailbox>();
  readonly unread = new Map<string, number>();
  readonly disabledUsers = new Set<string>();
  readonly options = new Map<string, Map<number, string>>();
  /** Mail VIP (高级功能) members, in the order they got the seat. */
  readonly vip: string[] = [];
  nextPublicId = 1;
  nextAuthCodeId = 1;

  constructor(
    readonly domain: string,
    readonly rng: Rng,
  ) {}

  appBox(agentid: number): AppMailbox {
    let box = this.apps.get(agentid);
    if (!box) {
      box = { email: `app${agentid}@${this.domain}`, aliases: [], mails: [] };
      this.apps.set(agentid, box);
    }
    return box;
  }

  newAuthCode(box: PublicMailbox, remark: string, nowSec: number): AuthCode {
    const a: AuthCode = { auth_code_id: this.nextAuthCodeId++, code: this.rng.string(16, 'abcdefghijklmnopqrstuvwxyz'), create_time: nowSec, last_use_time: 0, remark };
    box.authCodes.set(a.auth_code_id, a);
    return a;
  }
}

/** The demo mail setup of a typical corp: an all-hands group, one public mailbox, a few unread mails. */
export function seedExmail(s: ExmailState, userids: string[], nowSec: number, demo: boolean): ExmailState {
  if (!demo) return s;
  const d = s.domain;
  s.groups.set(`all@${d}`, {
    groupid: `all@${d}`, groupname: '全员', email_list: userids.slice(0, 5).map((u) => `${u.toLowerCase()}@${d}`), tag_list: [], department_list: [1], group_list: [],
    allow_type: 0, allow_emaillist: [], allow_departmentlist: [], allow_taglist: [],
  });
  const hr: PublicMailbox = { id: s.nextPublicId++, email: `hr@${d}`, name: '人事', userid_list: userids.slice(0, 2), department_list: [], tag_list: [], alias_list: [], authCodes: new Map(), disabled: false };
  s.publics.set(hr.id, hr);
  s.newAuthCode(hr, '客户端', nowSec - 86_400);
  for (const u of userids.slice(0, 6)) s.unread.set(u, s.rng.range(0, 12));
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ExmailState);
