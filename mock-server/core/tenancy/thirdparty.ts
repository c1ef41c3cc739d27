/**
 * Third-party tenants (服务商 and their suites): plain data kept by the CorpRegistry next to the corps.
 * A provider is backed by a corp of its own (its corpid is a WeCom corpid), whose clock, journal and
 * callback outbox the provider and its suites use. Behaviour lives in domains/provider.
 */
import type { CallbackConfig } from './types.js';

export interface ProviderTenant {
  /** The provider's corpid (a corp of the registry). */
  corpid: string;
  provider_secret: string;
  currentToken: ThirdPartyToken | undefined;
  /** Codes of the 3rd_qrConnect page, for service/get_login_info. */
  loginCodes: Map<string, LoginCode>;
}

/** A sign-in code of a third-party page (single use, 300 s). */
export interface LoginCode {
  code: string;
  corpid: string;
  userid: string | undefined;
  openid: string | undefined;
  usertype: 'admin' | 'member';
  scope: string;
  expiresAtMs: number;
  used: boolean;
}

export interface ThirdUserTicket {
  ticket: string;
  corpid: string;
  userid: string;
  expiresAtMs: number;
}

/** A live provider_access_token or suite_access_token. */
export interface ThirdPartyToken {
  token: string;
  kind: 'suite' | 'provider';
  /** suite_id for suite tokens, the provider corpid for provider tokens. */
  owner: string;
  provider_corpid: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface SuiteTicket {
  ticket: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface PreAuthCode {
  code: string;
  expiresAtMs: number;
  /** set_session_info: which apps of the suite, 0 formal / 1 test. */
  session: { appid: number[]; auth_type: number } | undefined;
}

/** A temporary auth code (install redirect, create_auth, reset_permanent_code): single use. */
export interface TempAuthCode {
  code: string;
  corpid: string;
  expiresAtMs: number;
  used: boolean;
  /** The permanent code the exchange reveals (a reset issues a new one). */
  reset: boolean;
}

/** What the admin granted at install time. */
export interface SuitePrivilege {
  level: number;
  allow_party: number[];
  allow_user: string[];
  allow_tag: number[];
}

/** One corp's authorization of a suite. */
export interface SuiteAuth {
  corpid: string;
  agentid: number;
  permanent_code: string;
  auth_type: number;
  admin_userid: string;
  state: string;
  privilege: SuitePrivilege;
  cancelled: boolean;
}

export interface SuiteTenant {
  suite_id: string;
  suite_secret: string;
  provider_corpid: string;
  name: string;
  /** 代开发 templates have suite ids starting dk (a secondary observation, not a documented rule). */
  customized: boolean;
  /** Instruction callback (指令回调): receiveid = suite_id. */
  instruction: CallbackConfig;
  /** Data callback (数据回调): receiveid = the authorizing corp's id. */
  data: CallbackConfig;
  /** The redirect_uri host the install page accepts ('' = any). */
  redirect_domain: string;
  /** The host (with port) of in-client OAuth redirects of the suite's app (its installed apps' trusted_domain). */
  trusted_domain: string;
  tickets: SuiteTicket[];
  /** Mock time of the next scheduled suite_ticket push. */
  nextPushMs: number;
  currentToken: ThirdPartyToken | undefined;
  preAuthCodes: Map<string, PreAuthCode>;
  authCodes: Map<string, TempAuthCode>;
  /** corpid → authorization. */
  auths: Map<string, SuiteAuth>;
  /** In-client OAuth codes of the suite's app (service/auth/getuserinfo3rd) and their user_tickets. */
  oauthCodes: Map<string, LoginCode>;
  userTickets: Map<string, ThirdUserTicket>;
}
