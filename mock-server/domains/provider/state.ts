/**
 * The service-provider tenants' behaviour on their data (core/tenancy/thirdparty.ts): creating providers and
 * suites, the suite_ticket schedule, tokens, installations. No HTTP, no errcode decisions (rules.ts).
 */
import { createHash } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';
import { ALNUM, drawUnused, TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import type { CorpRegistry } from '../../core/tenancy/registry.js';
import type { ProviderTenant, SuiteAuth, SuitePrivilege, SuiteTenant, ThirdPartyToken } from '../../core/tenancy/thirdparty.js';
import type { AppState } from '../../core/tenancy/types.js';
import type { Corp, DomainStates } from '../types.js';

type Registry = CorpRegistry<DomainStates>;
const SEC = 1000;
const PUSH_EVERY_MS = LIMITS.lifetime.suite_ticket_push_interval.seconds * SEC;
const TICKET_TTL_MS = LIMITS.lifetime.suite_ticket_lifetime.seconds * SEC;
/** Pushes that happened while nobody looked are replayed, but only those whose ticket could still be valid. */
const MAX_REPLAYED = Math.ceil(TICKET_TTL_MS / PUSH_EVERY_MS);

/** The provider corp of a suite (its clock, rng, events and outbox). */
export function providerCorp(registry: Registry, suite: SuiteTenant): Corp {
  const corp = registry.get(suite.provider_corpid);
  if (!corp) throw new Error(`provider corp ${suite.provider_corpid} is gone`);
  return corp;
}

/** Registers a provider on an existing corp. */
export function createProvider(registry: Registry, corp: Corp): ProviderTenant {
  const p: ProviderTenant = {
    corpid: corp.corpid,
    provider_secret: corp.rng.string(43, TOKEN_ALPHABET),
    currentToken: undefined,
    loginCodes: new Map(),
  };
  registry.providers.set(corp.corpid, p);
  return p;
}

export interface SuiteInput {
  name?: string | undefined;
  customized?: boolean | undefined;
  instruction_url?: string | undefined;
  data_url?: string | undefined;
  redirect_domain?: string | undefined;
  /** The host (with port) in-client OAuth redirects to (default: redirect_domain). */
  trusted_domain?: string | undefined;
  suite_id?: string | undefined;
  token?: string | undefined;
  encoding_aes_key?: string | undefined;
}

/** Creates a suite (`ww…` app or `dk…` 代开发 template) and pushes its first suite_ticket. */
export function createSuite(registry: Registry, provider: ProviderTenant, input: SuiteInput): SuiteTenant {
  const corp = registry.get(provider.corpid)!;
  const id = input.suite_id ?? drawUnused(() => `${input.customized ? 'dk' : 'ww'}${corp.rng.hex(16)}`, registry.suites);
  const token = input.token ?? corp.rng.string(16, ALNUM);
  const aes = input.encoding_aes_key ?? corp.rng.string(43, ALNUM);
  const callback = (url: string | undefined) => ({ url: url ?? '', token, encoding_aes_key: aes });
  const suite: SuiteTenant = {
    suite_id: id,
    suite_secret: corp.rng.string(43, TOKEN_ALPHABET),
    provider_corpid: provider.corpid,
    name: input.name ?? `第三方应用 ${id.slice(-4)}`,
    customized: input.customized === true,
    instruction: callback(input.instruction_url),
    data: callback(input.data_url),
    redirect_domain: input.redirect_domain ?? '',
    trusted_domain: input.trusted_domain ?? input.redirect_domain ?? '',
    tickets: [],
    nextPushMs: corp.clock.nowMs(),
    currentToken: undefined,
    preAuthCodes: new Map(),
    authCodes: new Map(),
    auths: new Map(),
    oauthCodes: new Map(),
    userTickets: new Map(),
  };
  registry.suites.set(id, suite);
  corp.domains.callbacks.suites.set(id, suite.instruction);
  scheduleTicketPushes(registry, suite);
  return suite;
}

/** Emits an instruction callback of a suite (delivered from the provider corp's outbox, receiveid = suite_id). */
export function emitInstruction(registry: Registry, suite: SuiteTenant, fields: Record<string, unknown>): void {
  const corp = providerCorp(registry, suite);
  corp.events.push(corp.clock.nowMs(), { SuiteId: suite.suite_id, ...fields });
}

/** Pushes a new suite_ticket now (valid 30 minutes). */
export function pushTicket(registry: Registry, suite: SuiteTenant, atMs?: number): string {
  const corp = providerCorp(registry, suite);
  const at = atMs ?? corp.clock.nowMs();
  const ticket = corp.rng.string(64, TOKEN_ALPHABET);
  suite.tickets.unshift({ ticket, issuedAtMs: at, expiresAtMs: at + TICKET_TTL_MS });
  suite.tickets.length = Math.min(suite.tickets.length, MAX_REPLAYED + 2);
  emitInstruction(registry, suite, { InfoType: 'suite_ticket', SuiteTicket: ticket });
  return ticket;
}

/**
 * Pushes the suite_tickets due by the provider corp's clock (every 10 minutes of mock time,
 * developer.work.weixin.qq.com/document/path/90628), then books the next push on the scheduler. A long clock
 * jump replays at most MAX_REPLAYED of the missed pushes.
 */
function scheduleTicketPushes(registry: Registry, suite: SuiteTenant): void {
  ticketPush(providerCorp(registry, suite), { suite }, 0, registry);
}

/** One suite_ticket push and the booking of the next (the provider domain's scheduled work). */
export function ticketPush(corp: Corp, a: { suite: SuiteTenant }, _due: number, registry: Registry): void {
  const suite = a.suite;
  // The suite or its provider corp is gone (a corp's tasks go with it; a replaced suite stops here).
  if (registry.suites.get(suite.suite_id) !== suite || registry.get(corp.corpid) !== corp) return;
  pushDueTickets(registry, suite);
  corp.timers.at(suite.nextPushMs, `suite_ticket push of ${suite.suite_id}`, 'provider.suite_ticket', { suite });
}

function pushDueTickets(registry: Registry, suite: SuiteTenant): void {
  const now = providerCorp(registry, suite).clock.nowMs();
  if (suite.nextPushMs > now) return;
  const due = Math.floor((now - suite.nextPushMs) / PUSH_EVERY_MS) + 1;
  const skip = Math.max(0, due - MAX_REPLAYED);
  for (let i = skip; i < due; i++) pushTicket(registry, suite, suite.nextPushMs + i * PUSH_EVERY_MS);
  suite.nextPushMs += due * PUSH_EVERY_MS;
}

/** The still-valid token of a suite or provider, or a new one (7,200 s). */
export function thirdPartyToken(
  registry: Registry,
  holder: { currentToken: ThirdPartyToken | undefined },
  kind: 'suite' | 'provider',
  owner: string,
  corp: Corp,
): ThirdPartyToken {
  const now = corp.clock.nowMs();
  const cur = holder.currentToken;
  if (cur && cur.expiresAtMs > now && registry.thirdPartyTokens.get(cur.token) === cur) return cur;
  if (cur) registry.thirdPartyTokens.delete(cur.token);
  const ttl = (kind === 'suite' ? LIMITS.lifetime.suite_access_token_lifetime : LIMITS.lifetime.provider_access_token_lifetime).seconds;
  const token = drawUnused(() => corp.rng.string(64, TOKEN_ALPHABET), registry.thirdPartyTokens, registry.tokens);
  const rec: ThirdPartyToken = { token, kind, owner, provider_corpid: corp.corpid, issuedAtMs: now, expiresAtMs: now + ttl * SEC };
  holder.currentToken = rec;
  registry.thirdPartyTokens.set(token, rec);
  return rec;
}

/** open_userid: stable per (provider, corp, member), different for every provider (doc path/95884). */
export function openUseridFor(providerCorpid: string, corpid: string, userid: string): string {
  const d = createHash('sha256').update(`open_userid\0${providerCorpid}\0${corpid}\0${userid.toLowerCase()}`).digest('base64url');
  return `wo${d.replace(/[-_]/g, 'A').slice(0, 30)}`;
}

export function privilegeFor(scope: string, admin: string): SuitePrivilege {
  return scope === 'self'
    ? { level: 1, allow_party: [], allow_user: [admin], allow_tag: [] }
    : { level: 1, allow_party: [1], allow_user: [], allow_tag: [] };
}

/** Installs the suite's app in the corp (or re-installs after a cancel) and issues the temporary auth code. */
export function install(registry: Registry, suite: SuiteTenant, corp: Corp, admin: string, scope: string, state: string, authType: number): string {
  const pc = providerCorp(registry, suite);
  const privilege = privilegeFor(scope, admin);
  let agentid = 1000002;
  while (corp.apps.has(agentid)) agentid++;
  const old = suite.auths.get(corp.corpid);
  if (old && !old.cancelled) uninstallApp(registry, corp, old.agentid);
  const secret = pc.rng.string(43, TOKEN_ALPHABET);
  const app: AppState = {
    agentid,
    name: suite.name,
    secret,
    ...privilege,
    trusted_domain: suite.trusted_domain,
    // The data callback: app events of the installed app (receiveid = the corp).
    callback: { ...suite.data },
    third_party: { suite_id: suite.suite_id, provider_corpid: suite.provider_corpid },
  };
  corp.apps.set(agentid, app);
  corp.secretIndex.set(secret, { kind: 'app', agentid });
  corp.domains.callbacks.suites.set(suite.suite_id, suite.instruction);
  const auth: SuiteAuth = {
    corpid: corp.corpid,
    agentid,
    permanent_code: pc.rng.string(43, TOKEN_ALPHABET),
    auth_type: authType,
    admin_userid: admin,
    state,
    privilege,
    cancelled: false,
  };
  suite.auths.set(corp.corpid, auth);
  return issueAuthCode(registry, suite, corp.corpid, false);
}

/** A temporary auth code (600 s on the install redirect; single use). */
export function issueAuthCode(registry: Registry, suite: SuiteTenant, corpid: string, reset: boolean): string {
  const pc = providerCorp(registry, suite);
  const code = drawUnused(() => pc.rng.string(64, TOKEN_ALPHABET), suite.authCodes);
  const ttl = (reset ? LIMITS.lifetime.create_auth_code_lifetime : LIMITS.lifetime.install_auth_code_lifetime).seconds;
  suite.authCodes.set(code, { code, corpid, expiresAtMs: pc.clock.nowMs() + ttl * SEC, used: false, reset });
  return code;
}

/** Removes an installed app with its tokens. */
export function uninstallApp(registry: Registry, corp: Corp, agentid: number): void {
  const app = corp.apps.get(agentid);
  if (!app) return;
  corp.apps.delete(agentid);
  corp.secretIndex.delete(app.secret);
  const cur = corp.currentToken.get(app.secret);
  if (cur) registry.tokens.delete(cur.token);
  corp.currentToken.delete(app.secret);
}

/** The authorization as get_permanent_code / get_auth_info describe it. */
export function authInfo(registry: Registry, suite: SuiteTenant, auth: SuiteAuth) {
  const corp = registry.get(auth.corpid);
  return {
    dealer_corp_info: { corpid: '', corp_name: '' },
    auth_corp_info: {
      corpid: auth.corpid,
      corp_name: corp?.corpName ?? '',
      corp_type: 'verified',
      corp_square_logo_url: '',
      corp_user_max: 200,
      corp_agent_max: 30,
      corp_full_name: corp?.corpName ?? '',
      verified_end_time: 0,
      subject_type: 1,
      corp_wxqrcode: '',
      corp_scale: '1-50人',
      corp_industry: 'IT服务',
      corp_sub_industry: '计算机软件/硬件/信息服务',
    },
    auth_info: {
      agent: [
        {
          agentid: auth.agentid,
          name: suite.name,
          round_logo_url: '',
          square_logo_url: '',
          appid: 1,
          auth_mode: 0,
          is_customized_app: suite.customized,
          privilege: { ...auth.privilege, extra_party: [], extra_user: [], extra_tag: [] },
        },
      ],
    },
  };
}

/**
 * An in-client OAuth code of the suite's app for a member of an authorised corp (or a visitor who is not a
 * member: `userid` undefined), exchanged with service/auth/getuserinfo3rd (single use, 300 s). Shared by the
 * page `/connect/oauth2/authorize?appid=<suite_id>` and the control plane's stand-in.
 */
export function issueSuiteOauthCode(registry: Registry, suite: SuiteTenant, corpid: string, userid: string | undefined, scope: string): string {
  const pc = providerCorp(registry, suite);
  const now = pc.clock.nowMs();
  if (suite.oauthCodes.size >= 2000) for (const [k, v] of suite.oauthCodes) if (v.used || v.expiresAtMs <= now) suite.oauthCodes.delete(k);
  const code = drawUnused(() => pc.rng.string(43, TOKEN_ALPHABET), suite.oauthCodes);
  suite.oauthCodes.set(code, {
    code,
    corpid,
    userid,
    openid: userid === undefined ? `o${pc.rng.string(27)}` : undefined,
    usertype: 'member',
    scope,
    expiresAtMs: now + LIMITS.lifetime.oauth_code_lifetime.seconds * SEC,
    used: false,
  });
  return code;
}
