/** Handlers of the service-provider operations (服务商 / third-party apps), doc path/90600, 91200, 91019, 91124. */
import { LIMITS } from '../../../spec/generated/limits.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { err } from '../../core/errors/index.js';
import { drawUnused, TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import { defineRoutes, type AnswerOf, type PublicCtxOf } from '../types.js';
import { authByPermanentCode, callerSuite, nowMs } from './rules.js';
import { serviceFileRoutes } from './service-files.js';
import { authInfo, openUseridFor, providerCorp, thirdPartyToken } from './state.js';

const SEC = 1000;
const left = (expiresAtMs: number, now: number): number => Math.max(0, Math.floor((expiresAtMs - now) / SEC));

/** service/auth/getuserinfo3rd and its older path service/getuserinfo3rd (same query, same answer). */
function getuserinfo3rd(ctx: PublicCtxOf<'service_auth_getuserinfo3rd'>): AnswerOf<'service_auth_getuserinfo3rd'> {
  const suite = callerSuite(ctx);
  const { code } = ctx.query;
  const now = nowMs(ctx, suite);
  const rec = suite.oauthCodes.get(code);
  // Used, expired or unknown → 40029 (doc path/91039).
  if (!rec || rec.used || rec.expiresAtMs <= now) throw err('INVALID_OAUTH_CODE');
  rec.used = true;
  if (rec.userid === undefined) return { OpenId: rec.openid, DeviceId: '' };
  const out: AnswerOf<'service_auth_getuserinfo3rd'> = {
    CorpId: rec.corpid,
    UserId: rec.userid,
    DeviceId: createDeviceId(rec.corpid, rec.userid),
    open_userid: openUseridFor(suite.provider_corpid, rec.corpid, rec.userid),
  };
  if (rec.scope === 'snsapi_privateinfo') {
    const pc = providerCorp(ctx.registry, suite);
    const ttl = LIMITS.lifetime.user_ticket_lifetime.seconds;
    const ticket = pc.rng.string(86, TOKEN_ALPHABET);
    suite.userTickets.set(ticket, { ticket, corpid: rec.corpid, userid: rec.userid, expiresAtMs: now + ttl * SEC });
    out.user_ticket = ticket;
    out.expires_in = ttl;
  }
  return out;
}

/** A DeviceId stable per member (one phone). */
function createDeviceId(corpid: string, userid: string): string {
  let h = 0;
  for (const ch of `${corpid}/${userid}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(4);
}

export const providerRoutes = defineRoutes({
  ...serviceFileRoutes,
  service_get_suite_token: publicRoute((ctx) => {
    const { suite_id, suite_secret, suite_ticket } = ctx.body;
    const suite = ctx.registry.suites.get(suite_id);
    if (!suite || !ctx.registry.get(suite.provider_corpid)) throw err('INVALID_SUITE_ID');
    const corp = providerCorp(ctx.registry, suite);
    ctx.corp = corp;
    if (suite.suite_secret !== suite_secret) throw err('INVALID_SUITE_SECRET');
    const now = corp.clock.nowMs();
    // A ticket of this suite pushed less than 30 minutes ago; older or another suite's → 40085 (doc path/90600, 91200).
    if (!suite.tickets.some((t) => t.ticket === suite_ticket && t.expiresAtMs > now)) throw err('INVALID_SUITE_TICKET');
    const rec = thirdPartyToken(ctx.registry, suite, 'suite', suite.suite_id, corp);
    return { suite_access_token: rec.token, expires_in: left(rec.expiresAtMs, now) };
  }),

  service_get_provider_token: publicRoute((ctx) => {
    const { corpid, provider_secret } = ctx.body;
    const provider = ctx.registry.providers.get(corpid);
    const corp = ctx.registry.get(corpid);
    if (!provider || !corp) throw err('INVALID_CORPID');
    ctx.corp = corp;
    // A wrong provider_secret: WeCom's code for a wrong secret (40001), a guess: the doc names none.
    if (provider.provider_secret !== provider_secret) throw err('INVALID_CREDENTIAL');
    const rec = thirdPartyToken(ctx.registry, provider, 'provider', corpid, corp);
    return { provider_access_token: rec.token, expires_in: left(rec.expiresAtMs, corp.clock.nowMs()) };
  }),

  service_get_pre_auth_code: publicRoute((ctx) => {
    const suite = callerSuite(ctx);
    const pc = providerCorp(ctx.registry, suite);
    const now = pc.clock.nowMs();
    for (const [k, v] of suite.preAuthCodes) if (v.expiresAtMs <= now) suite.preAuthCodes.delete(k);
    const code = drawUnused(() => pc.rng.string(64, TOKEN_ALPHABET), suite.preAuthCodes);
    const ttl = LIMITS.lifetime.pre_auth_code_lifetime.seconds;
    suite.preAuthCodes.set(code, { code, expiresAtMs: now + ttl * SEC, session: undefined });
    return { pre_auth_code: code, expires_in: ttl };
  }),

  service_set_session_info: publicRoute((ctx) => {
    const suite = callerSuite(ctx);
    const body = ctx.body;
    const rec = suite.preAuthCodes.get(body.pre_auth_code);
    if (!rec) throw err('INVALID_PRE_AUTH_CODE');
    if (rec.expiresAtMs <= nowMs(ctx, suite)) throw err('PRE_AUTH_CODE_EXPIRED');
    rec.session = { appid: body.session_info?.appid ?? [], auth_type: body.session_info?.auth_type ?? 0 };
    return {};
  }),

  service_get_permanent_code: publicRoute((ctx) => {
    const suite = callerSuite(ctx);
    const { auth_code } = ctx.body;
    const now = nowMs(ctx, suite);
    const rec = suite.authCodes.get(auth_code);
    if (!rec || rec.used || rec.expiresAtMs <= now) throw err('INVALID_AUTH_CODE');
    const auth = suite.auths.get(rec.corpid);
    const corp = ctx.registry.get(rec.corpid);
    // The corp cancelled (or was deleted) before the code was exchanged.
    if (!auth || auth.cancelled || !corp) throw err('INVALID_AUTH_CODE');
    rec.used = true;
    const app = corp.apps.get(auth.agentid);
    const token = app ? ctx.registry.tokenFor(corp, app.secret, LIMITS.lifetime.access_token_lifetime.seconds) : undefined;
    const admin = corp.domains.contacts.getUser(auth.admin_userid);
    return {
      access_token: token?.token ?? '',
      expires_in: token ? left(token.expiresAtMs, corp.clock.nowMs()) : 0,
      permanent_code: auth.permanent_code,
      ...authInfo(ctx.registry, suite, auth),
      auth_user_info: {
        userid: auth.admin_userid,
        open_userid: openUseridFor(suite.provider_corpid, corp.corpid, auth.admin_userid),
        // Third parties see the userid in place of the name (doc path/92109).
        name: auth.admin_userid,
        avatar: admin?.avatar ?? '',
      },
      ...(auth.state && { state: auth.state }),
    };
  }),

  service_get_auth_info: publicRoute((ctx) => {
    const suite = callerSuite(ctx);
    const { auth_corpid, permanent_code } = ctx.body;
    return authInfo(ctx.registry, suite, authByPermanentCode(ctx, suite, auth_corpid, permanent_code));
  }),

  service_get_corp_token: publicRoute((ctx) => {
    const suite = callerSuite(ctx);
    const { auth_corpid, permanent_code } = ctx.body;
    const auth = authByPermanentCode(ctx, suite, auth_corpid, permanent_code);
    const corp = ctx.registry.get(auth.corpid);
    const app = corp?.apps.get(auth.agentid);
    if (!corp || !app) throw err('INVALID_PERMANENT_CODE');
    const rec = ctx.registry.tokenFor(corp, app.secret, LIMITS.lifetime.access_token_lifetime.seconds);
    if (!rec) throw err('INVALID_PERMANENT_CODE');
    return { access_token: rec.token, expires_in: left(rec.expiresAtMs, corp.clock.nowMs()) };
  }),

  service_get_admin_list: publicRoute((ctx) => {
    const suite = callerSuite(ctx);
    const { auth_corpid, agentid } = ctx.body;
    const auth = suite.auths.get(auth_corpid);
    if (!auth && !ctx.registry.get(auth_corpid)) throw err('INVALID_CORPID');
    // No live authorization of this app in the corp: 48004 授权关系无效.
    if (!auth || auth.cancelled || auth.agentid !== agentid) throw err('AUTH_RELATION_INVALID');
    return {
      admin: [{ userid: auth.admin_userid, open_userid: openUseridFor(suite.provider_corpid, auth_corpid, auth.admin_userid), auth_type: 1 }],
    };
  }),

  service_get_login_info: publicRoute((ctx) => {
    const provider = ctx.thirdParty ? ctx.registry.providers.get(ctx.thirdParty.owner) : undefined;
    const pc = provider ? ctx.registry.get(provider.corpid) : undefined;
    if (!provider || !pc) throw err('INVALID_ACCESS_TOKEN');
    const { auth_code } = ctx.body;
    const rec = provider.loginCodes.get(auth_code);
    if (!rec || rec.used || rec.expiresAtMs <= pc.clock.nowMs() || rec.userid === undefined) throw err('INVALID_OAUTH_CODE');
    rec.used = true;
    const corp = ctx.registry.get(rec.corpid);
    const m = corp?.domains.contacts.getUser(rec.userid);
    const admin = rec.usertype === 'admin';
    // usertype: 1 creator, 2 internal admin, 3 external admin, 4 partner admin, 5 member (doc path/91019, 91124); the mock uses 1 and 5.
    return {
      usertype: admin ? 1 : 5,
      user_info: {
        userid: rec.userid,
        open_userid: openUseridFor(provider.corpid, rec.corpid, rec.userid),
        name: rec.userid,
        avatar: m?.avatar ?? '',
      },
      corp_info: { corpid: rec.corpid },
      agent: [...ctx.registry.suites.values()]
        .filter((s) => s.provider_corpid === provider.corpid)
        .flatMap((s) => {
          const a = s.auths.get(rec.corpid);
          return a && !a.cancelled ? [{ agentid: a.agentid, auth_type: admin ? 1 : 0 }] : [];
        }),
      auth_info: { department: admin ? [{ id: 1, writable: true }] : [] },
    };
  }),

  service_auth_getuserinfo3rd: publicRoute(getuserinfo3rd),
  service_getuserinfo3rd: publicRoute(getuserinfo3rd),

  service_getuserdetail3rd: publicRoute((ctx) => {
    const suite = callerSuite(ctx);
    const { user_ticket } = ctx.body;
    const t = suite.userTickets.get(user_ticket);
    if (!t) throw err('INVALID_USER_TICKET');
    if (t.expiresAtMs <= nowMs(ctx, suite)) throw err('USER_TICKET_EXPIRED');
    const m = ctx.registry.get(t.corpid)?.domains.contacts.getUser(t.userid);
    return {
      corpid: t.corpid,
      userid: t.userid,
      open_userid: openUseridFor(suite.provider_corpid, t.corpid, t.userid),
      name: t.userid,
      gender: m?.gender ?? '0',
      avatar: m?.avatar ?? '',
      qr_code: m?.qr_code ?? '',
    };
  }),
});

