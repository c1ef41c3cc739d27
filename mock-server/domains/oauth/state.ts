import { snapshotClass } from '../../core/runtime/graph.js';
/** Sign-ins of one corp: OAuth / SSO codes, user_tickets, the sign-in journal and the next chosen visitor. */

/** The pages a person signs in on (their operationIds). */
export type PageName = 'connect_oauth2_authorize' | 'wwopen_sso_qrConnect' | 'wwlogin_sso_login';
export type Scope = 'snsapi_base' | 'snsapi_privateinfo';
export type LoginVia = 'picker' | 'login_hint' | 'next_user';

/** One visit of a sign-in page, as `GET /__mock/oauth/logins` shows it (spec: OauthLogin). */
export interface LoginRecord {
  seq: number;
  time: number;
  corpid: string;
  agentid: number | null;
  page: PageName;
  scope: Scope | null;
  redirect_uri: string | null;
  state: string | null;
  outcome: 'code_issued' | 'refused' | 'rejected';
  error: string | null;
  via: LoginVia | null;
  userid: string | null;
  openid: string | null;
  code: string | null;
  code_expires_at: number | null;
  exchanged: boolean;
  exchanged_at: number | null;
  exchanged_by: string | null;
  user_ticket_issued: boolean;
}

export interface OauthCode {
  code: string;
  /** The app that asked (undefined: an in-client snsapi_base link without agentid). */
  agentid: number | undefined;
  /** Apps whose token may exchange the code. */
  agentids: readonly number[];
  /** The redirect_uri's host (with port) the code was issued for; another app's trusted domain → 50001. */
  redirectHost?: string | undefined;
  scope: Scope;
  /** A member… */
  userid: string | undefined;
  /** …or a visitor who is not one. */
  openid: string | undefined;
  external_userid: string | undefined;
  deviceid: string;
  expiresAtMs: number;
  used: boolean;
  login: LoginRecord;
}

export interface UserTicket {
  ticket: string;
  userid: string;
  agentid: number;
  expiresAtMs: number;
}

/** Who the next sign-in page signs in without a click (`POST /__mock/oauth/next-user`). */
export interface NextVisitor {
  userid: string | undefined;
  visitor: boolean;
  external_userid: string | undefined;
  refuse: boolean;
}

const LOGIN_CAPACITY = 1000;
const SWEEP_AT = 2000;

/** The page's entry as the client's getContext reports it (doc path/96918: contact_profile, single_chat_tools …). */
export type JssdkEntry = 'normal' | 'contact_profile' | 'single_chat_tools' | 'group_chat_tools' | 'chat_attachment';

export interface JssdkContext {
  /** The member looking at the page; undefined = the first member. */
  userid: string | undefined;
  entry: JssdkEntry;
  /** The customer on screen, the corp's own external_userid. */
  external_userid: string | undefined;
  chat_id: string | undefined;
  user_agent: string | undefined;
}

export interface JssdkSent {
  agentid: number;
  userid: string;
  entry: JssdkEntry;
  to: string;
  msgtype: string;
  message: Record<string, unknown>;
}

export class OauthState {
  readonly codes = new Map<string, OauthCode>();
  readonly tickets = new Map<string, UserTicket>();
  /** The last sign-ins, oldest first. */
  readonly logins: LoginRecord[] = [];
  /** userid key → DeviceId (stable per member, as one phone). */
  readonly deviceIds = new Map<string, string>();
  next: NextVisitor | undefined;
  /** Where the JS-SDK stand-in's page is open (POST /__mock/jssdk/context). */
  jssdk: JssdkContext = { userid: undefined, entry: 'normal', external_userid: undefined, chat_id: undefined, user_agent: undefined };
  /** What sendChatMessage put into the conversation on screen, oldest first. */
  readonly jssdkSent: JssdkSent[] = [];
  private seq = 0;

  addLogin(rec: Omit<LoginRecord, 'seq'>): LoginRecord {
    const full: LoginRecord = { seq: ++this.seq, ...rec };
    this.logins.push(full);
    if (this.logins.length > LOGIN_CAPACITY) this.logins.splice(0, this.logins.length - LOGIN_CAPACITY);
    return full;
  }

  addCode(c: OauthCode, nowMs: number): void {
    if (this.codes.size >= SWEEP_AT) {
      for (const [k, v] of this.codes) if (v.used || v.expiresAtMs <= nowMs) this.codes.delete(k);
    }
    this.codes.set(c.code, c);
  }

  addTicket(t: UserTicket, nowMs: number): void {
    if (this.tickets.size >= SWEEP_AT) {
      for (const [k, v] of this.tickets) if (v.expiresAtMs <= nowMs) this.tickets.delete(k);
    }
    this.tickets.set(t.ticket, t);
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(OauthState);
