/**
 * The JS-SDK stand-in's answers: what the WeCom client would hand a page's `wx.config`, `wx.agentConfig` and
 * client API callbacks. Signatures are checked by {@link checkJssdk} (the logic of POST /__mock/jssdk/check);
 * the rest is the client's side: the version and client rules of agentConfig (doc path/94313) and the
 * permission and entry rules of the customer APIs (doc path/96918, 98531, 98539), answered from the corp's
 * state and the context the control plane set (who looks, from which entry, at which customer or group).
 */
import { userKey, isDepartmentVisible, isMemberVisible, type Member } from '../../contacts/index.js';
import {
  CORP_CALLER,
  customerByExternalUserid,
  externalUseridFor,
  hasCustomerContactFeature,
  isCallableApp,
  providerCallerKey,
  type Customer,
} from '../../externalcontact/index.js';
import type { AppState } from '../../../core/tenancy/types.js';
import type { Corp } from '../../types.js';
import { checkJssdk } from '../jssdk.js';
import type { JssdkEntry } from '../state.js';

/** The signature fields a page passes to wx.config / wx.agentConfig. */
export interface SignedPart {
  timestamp: string | number;
  nonceStr: string;
  signature: string;
}

/** One call of the stand-in script (the body of POST /wwopen/js/wecom-mock/invoke). */
export interface BridgeCall {
  url: string;
  api: string;
  args: Record<string, unknown>;
  config: SignedPart | undefined;
  agentConfig: (SignedPart & { agentid: number }) | undefined;
  /** The User-Agent the call names (the script's override or the request's header). */
  userAgent: string | undefined;
  /** The request's own User-Agent header. */
  headerUserAgent: string | undefined;
}

export interface BridgeAnswer {
  errMsg: string;
  err_msg: string;
  errCode: number;
  problems: string[];
  [field: string]: unknown;
}

/** The client a User-Agent names. */
export interface ClientInfo {
  client: 'wxwork' | 'wechat';
  version: readonly [number, number, number];
  /** True when the User-Agent names neither client (a plain browser during development). */
  assumed: boolean;
}

/** A plain browser counts as a current WeCom client, so a page under development works without a UA switch. */
export const ASSUMED_VERSION = [4, 1, 0] as const;

/** The client and version of a User-Agent: `wxwork/3.1.0` is WeCom, `MicroMessenger/` without it is WeChat (doc path/94313). */
export function clientOf(ua: string | undefined): ClientInfo {
  const m = /wxwork\/(\d+)\.(\d+)\.(\d+)/i.exec(ua ?? '');
  if (m) return { client: 'wxwork', version: [Number(m[1]), Number(m[2]), Number(m[3])], assumed: false };
  const w = /MicroMessenger\/(\d+)\.(\d+)\.(\d+)/i.exec(ua ?? '');
  if (w) return { client: 'wechat', version: [Number(w[1]), Number(w[2]), Number(w[3])], assumed: false };
  return { client: 'wxwork', version: ASSUMED_VERSION, assumed: true };
}

function atLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  return true;
}

const NAMES_A_CLIENT = /wxwork\/|MicroMessenger\//i;

/** The User-Agent that decides: the call's override, else a header naming a client, else the context's, else the header. */
export function effectiveUserAgent(corp: Corp, call: BridgeCall): string | undefined {
  if (call.userAgent !== undefined) return call.userAgent;
  if (call.headerUserAgent !== undefined && NAMES_A_CLIENT.test(call.headerUserAgent)) return call.headerUserAgent;
  return corp.domains.oauth.jssdk.user_agent ?? call.headerUserAgent;
}

/** agentConfig needs WeCom 2.5.0+ and does not exist in WeChat (doc path/94313). */
const AGENT_CONFIG_MIN = [2, 5, 0] as const;
/** From WeCom 3.0.24 agentConfig may come without a successful config first (doc path/94313). */
const AGENT_CONFIG_ALONE = [3, 0, 24] as const;

interface CustomerApi {
  /** Entries the page must have been opened from, each with the client version it needs. */
  entries: Partial<Record<JssdkEntry, readonly [number, number, number]>>;
  /** Whether the app needs customer-contact permission (chat_attachment does not, doc path/98539). */
  needsPermission: (entry: JssdkEntry) => boolean;
}

// The entries and minimum versions of each customer API (doc path/96918 getCurExternalContact, 98531
// getCurExternalChat, 98539 sendChatMessage).
const CUSTOMER_APIS: Readonly<Record<string, CustomerApi>> = {
  getCurExternalContact: { entries: { contact_profile: [2, 5, 8], single_chat_tools: [2, 8, 10] }, needsPermission: () => true },
  getCurExternalChat: { entries: { group_chat_tools: [2, 8, 17] }, needsPermission: () => true },
  sendChatMessage: {
    entries: { single_chat_tools: [2, 8, 10], group_chat_tools: [2, 8, 10], chat_attachment: [3, 1, 6] },
    needsPermission: (entry) => entry !== 'chat_attachment',
  },
};

const MSGTYPES = new Set(['text', 'image', 'video', 'file', 'news', 'miniprogram']);
const SENT_CAPACITY = 100;

/** The member looking at the page: the context's, else the corp's first member. */
export function viewerOf(corp: Corp): Member | undefined {
  const c = corp.domains.contacts;
  const id = corp.domains.oauth.jssdk.userid;
  return id !== undefined ? c.getUser(id) : c.users.values().next().value;
}

/** The customer on screen (context external_userid, the corp's own id). */
export function customerOnScreen(corp: Corp): Customer | undefined {
  const id = corp.domains.oauth.jssdk.external_userid;
  return id === undefined ? undefined : customerByExternalUserid(corp.domains.externalcontact, id, CORP_CALLER);
}

/** Answers one call of the stand-in script. */
export function invokeJssdk(corp: Corp, call: BridgeCall): BridgeAnswer {
  const problems: string[] = [];
  const answer = (api: string, outcome: string, fields: Record<string, unknown> = {}): BridgeAnswer => {
    const errMsg = `${api}:${outcome}`;
    return { errMsg, err_msg: errMsg, errCode: outcome === 'ok' ? 0 : -1, problems, ...fields };
  };
  const client = clientOf(effectiveUserAgent(corp, call));
  if (client.assumed) problems.push(`the User-Agent names no WeCom client; answering as wxwork/${ASSUMED_VERSION.join('.')}`);

  const checkConfig = (): string | undefined => {
    if (!call.config) return 'config:fail, wx.config was not called';
    const r = checkJssdk(corp, { kind: 'config', agentid: undefined, url: call.url, ...call.config, ticket: undefined });
    for (const p of r.problems) problems.push(`config: ${p.message}`);
    return r.accepted ? undefined : r.errMsg;
  };
  const configError = checkConfig();

  // agentConfig: the client rules first, then the signature against the app's agent_config ticket.
  const checkAgentConfig = (): { error: string } | { app: AppState } => {
    if (!call.agentConfig) return { error: 'no permission' };
    if (client.client === 'wechat' || !atLeast(client.version, AGENT_CONFIG_MIN)) {
      problems.push(`agentConfig needs the WeCom client 2.5.0 or later (the User-Agent names ${client.client} ${client.version.join('.')})`);
      return { error: 'fail function not exist' };
    }
    if (!atLeast(client.version, AGENT_CONFIG_ALONE) && configError !== undefined) {
      problems.push(`before WeCom 3.0.24 wx.agentConfig needs a successful wx.config first (${configError})`);
      // The rule is documented (doc path/94313); the client's exact words for it are not: ours.
      return { error: 'fail, wx.config must succeed first' };
    }
    const r = checkJssdk(corp, { kind: 'agentConfig', url: call.url, ...call.agentConfig, ticket: undefined });
    for (const p of r.problems) problems.push(`agentConfig: ${p.message}`);
    if (!r.accepted) return { error: r.errMsg.slice('agentConfig:'.length) };
    return { app: corp.apps.get(call.agentConfig.agentid)! };
  };

  if (call.api === 'config') {
    const e = configError;
    return e === undefined ? answer('config', 'ok') : { ...answer('config', 'fail'), errMsg: e, err_msg: e };
  }
  if (call.api === 'agentConfig') {
    const r = checkAgentConfig();
    return 'app' in r ? answer('agentConfig', 'ok') : answer('agentConfig', r.error);
  }

  const api = call.api;
  const ctx = corp.domains.oauth.jssdk;
  const customerApi = CUSTOMER_APIS[api];
  if (customerApi) {
    // The customer APIs exist in the WeCom client only and need the app's identity (agentConfig).
    if (client.client === 'wechat') return answer(api, 'fail function not exist');
    const agent = checkAgentConfig();
    if ('error' in agent) {
      problems.push(`${api} needs the app identity: a successful wx.agentConfig`);
      return answer(api, 'fail no permission');
    }
    const app = agent.app;
    const min = customerApi.entries[ctx.entry];
    if (!min) {
      problems.push(`the page was opened from ${ctx.entry}; ${api} works from ${Object.keys(customerApi.entries).join(', ')} (POST /__mock/jssdk/context)`);
      return answer(api, 'fail without context of external contact');
    }
    if (!atLeast(client.version, min)) {
      problems.push(`${api} from ${ctx.entry} needs WeCom ${min.join('.')} or later`);
      return answer(api, 'fail function not exist');
    }
    const viewer = viewerOf(corp);
    if (customerApi.needsPermission(ctx.entry)) {
      // Self-built apps need the 客户联系 permission (a 可调用应用), third-party apps 企业客户权限 (doc path/96918);
      // both are the corp's callable_agentids here, as the server API reads them.
      if (!isCallableApp(corp, app.agentid)) {
        problems.push(`app ${app.agentid} has no customer-contact permission (${app.third_party ? '企业客户权限' : '客户联系「可调用应用」'}: callable_agentids)`);
        return answer(api, 'fail no permission');
      }
      if (!viewer || !hasCustomerContactFeature(corp, viewer)) {
        problems.push(`the member on the page (${viewer?.userid ?? 'none'}) has no customer-contact feature`);
        return answer(api, 'fail no permission');
      }
    }
    const caller = app.third_party ? providerCallerKey(app.third_party.provider_corpid) : CORP_CALLER;
    const customer = customerOnScreen(corp);
    const chat = ctx.chat_id === undefined ? undefined : corp.domains.externalcontact.chats.get(ctx.chat_id);
    if (api === 'getCurExternalContact') {
      if (!customer) return answer(api, 'fail without context of external contact');
      return answer(api, 'ok', { userId: externalUseridFor(corp, customer, caller) });
    }
    if (api === 'getCurExternalChat') {
      if (!chat) return answer(api, 'fail without context of external contact');
      return answer(api, 'ok', { chatId: chat.chat_id });
    }
    // sendChatMessage: the message goes into the conversation on screen.
    const msgtype = call.args['msgtype'];
    const body = typeof msgtype === 'string' ? call.args[msgtype] : undefined;
    if (typeof msgtype !== 'string' || !MSGTYPES.has(msgtype) || body === null || typeof body !== 'object') {
      problems.push(`msgtype must be one of ${[...MSGTYPES].join(', ')} with its object (e.g. {msgtype: 'text', text: {content}})`);
      return answer(api, 'fail invalid msgtype');
    }
    const to = ctx.entry === 'group_chat_tools' ? chat?.chat_id : ctx.external_userid;
    if (to === undefined) return answer(api, 'fail without context of external contact');
    const sent = corp.domains.oauth.jssdkSent;
    sent.push({ agentid: app.agentid, userid: viewer?.userid ?? '', entry: ctx.entry, to, msgtype, message: { ...(body as Record<string, unknown>) } });
    if (sent.length > SENT_CAPACITY) sent.splice(0, sent.length - SENT_CAPACITY);
    return answer(api, 'ok');
  }

  if (api === 'selectEnterpriseContact' || api === 'openUserProfile') {
    // Either identity will do for these (doc path/98138); with agentConfig the app's visible range applies.
    const agent = call.agentConfig ? checkAgentConfig() : undefined;
    const app = agent && 'app' in agent ? agent.app : undefined;
    if (!app && configError !== undefined) {
      problems.push(`${api} needs a successful wx.config or wx.agentConfig`);
      return answer(api, 'fail no permission');
    }
    const contacts = corp.domains.contacts;
    if (api === 'openUserProfile') {
      const id = call.args['userid'];
      const type = Number(call.args['type']);
      if (typeof id !== 'string' || (type !== 1 && type !== 2)) return answer(api, 'fail invalid arguments');
      const found = type === 1 ? contacts.getUser(id) : customerByExternalUserid(corp.domains.externalcontact, id, app?.third_party ? providerCallerKey(app.third_party.provider_corpid) : CORP_CALLER);
      if (!found) {
        problems.push(type === 1 ? `corp ${corp.corpid} has no member ${id}` : `${id} is not an external_userid of a customer of the corp`);
        return answer(api, 'fail invalid userid');
      }
      return answer(api, 'ok');
    }
    // The person "picks" what the page preselected (selectedUserIds / selectedDepartmentIds): members and
    // departments that exist (and, with an app identity, lie in its visible range), one of them in single mode.
    const types = Array.isArray(call.args['type']) ? (call.args['type'] as unknown[]) : ['department', 'user'];
    const single = call.args['mode'] === 'single';
    const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
    let users = types.includes('user')
      ? ids(call.args['selectedUserIds'])
          .map((u) => contacts.getUser(u))
          .filter((m): m is Member => m !== undefined && (!app || isMemberVisible(app, contacts, m)))
      : [];
    let depts = types.includes('department')
      ? ids(call.args['selectedDepartmentIds'])
          .map((d) => contacts.departments.get(Number(d)))
          .filter((d) => d !== undefined && (!app || isDepartmentVisible(app, contacts, d.id)))
      : [];
    if (single) {
      users = users.slice(0, 1);
      depts = users.length > 0 ? [] : depts.slice(0, 1);
    }
    // Department names are not given to third-party apps (doc path/98138).
    return answer(api, 'ok', {
      result: {
        departmentList: depts.map((d) => ({ id: String(d!.id), ...(!app?.third_party && { name: d!.name }) })),
        userList: users.map((m) => ({ id: m.userid, name: m.name, avatar: m.avatar })),
      },
    });
  }

  problems.push(`the stand-in answers config, agentConfig, ${[...Object.keys(CUSTOMER_APIS), 'selectEnterpriseContact', 'openUserProfile'].join(', ')}`);
  return answer(api, 'fail function not exist');
}

/** Sets the corp's JS-SDK context; answers the problem, if any, in words. */
export function setJssdkContext(
  corp: Corp,
  patch: { userid?: string; entry?: JssdkEntry; external_userid?: string | null; chat_id?: string | null; user_agent?: string | null },
): string | undefined {
  const next = { ...corp.domains.oauth.jssdk };
  if (patch.userid !== undefined) {
    const m = corp.domains.contacts.getUser(patch.userid);
    if (!m) return `corp ${corp.corpid} has no member ${patch.userid}`;
    next.userid = m.userid;
  }
  if (patch.entry !== undefined) next.entry = patch.entry;
  if (patch.external_userid !== undefined) next.external_userid = patch.external_userid ?? undefined;
  if (patch.chat_id !== undefined) next.chat_id = patch.chat_id ?? undefined;
  if (patch.user_agent !== undefined) next.user_agent = patch.user_agent ?? undefined;
  if (next.external_userid !== undefined) {
    const c = customerByExternalUserid(corp.domains.externalcontact, next.external_userid, CORP_CALLER);
    if (!c) return `${next.external_userid} is not the corp's external_userid of a customer`;
    const viewer = next.userid ?? corp.domains.contacts.users.values().next().value?.userid;
    if (viewer === undefined || !c.follows.has(userKey(viewer))) return `member ${viewer ?? '(none)'} does not follow customer ${next.external_userid}`;
  }
  if (next.chat_id !== undefined && !corp.domains.externalcontact.chats.has(next.chat_id)) return `corp ${corp.corpid} has no customer group ${next.chat_id}`;
  corp.domains.oauth.jssdk = next;
  return undefined;
}
