import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import { drawUnused, TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import { isMemberVisible } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import type { OauthCode } from './state.js';

const TICKET_TTL_S = LIMITS.lifetime.user_ticket_lifetime.seconds;

interface Exchanged {
  rec: OauthCode;
  userTicket: string | undefined;
}

/**
 * Exchanges a code once. A code is single use, lives 300 s and belongs to the app that asked for it;
 * WeCom documents 40029 for an invalid, used or expired code (doc path/91023). An app whose trusted domain
 * is not the redirect_uri's host gets 50001 (跳转域名不在可信域名内; the code was issued for another domain);
 * another app of the same domain gets 40029 (our choice: the code is not valid for that caller).
 */
function exchange(ctx: Ctx, code: string): Exchanged {
  const st = ctx.corp.domains.oauth;
  const now = ctx.clock.nowMs();
  const rec = st.codes.get(code);
  const agentid = ctx.secretKind === 'app' ? ctx.token.agentid : undefined;
  if (!rec || rec.used || rec.expiresAtMs <= now || agentid === undefined) throw err('INVALID_OAUTH_CODE');
  if (!rec.agentids.includes(agentid)) {
    const caller = ctx.corp.apps.get(agentid);
    if (rec.redirectHost !== undefined && caller && caller.trusted_domain.toLowerCase() !== rec.redirectHost) throw err('REDIRECT_URL_NOT_TRUSTED');
    throw err('INVALID_OAUTH_CODE');
  }
  rec.used = true;
  rec.login.exchanged = true;
  rec.login.exchanged_at = now;
  rec.login.exchanged_by = ctx.op.operationId;
  // user_ticket only for snsapi_privateinfo and a member inside the app's visible range (doc path/91023).
  let userTicket: string | undefined;
  const app = ctx.corp.apps.get(agentid);
  const member = rec.userid === undefined ? undefined : ctx.corp.domains.contacts.getUser(rec.userid);
  if (rec.scope === 'snsapi_privateinfo' && app && member && isMemberVisible(app, ctx.corp.domains.contacts, member)) {
    userTicket = drawUnused(() => ctx.rng.string(86, TOKEN_ALPHABET), st.tickets);
    st.addTicket({ ticket: userTicket, userid: member.userid, agentid, expiresAtMs: now + TICKET_TTL_S * 1000 }, now);
    rec.login.user_ticket_issued = true;
  }
  return { rec, userTicket };
}

export const oauthRoutes = defineRoutes({
  auth_getuserinfo: (ctx) => {
    const { code } = ctx.query;
    const { rec, userTicket } = exchange(ctx, code);
    if (rec.userid !== undefined) return { userid: rec.userid, ...(userTicket !== undefined && { user_ticket: userTicket }) };
    return { openid: rec.openid, ...(rec.external_userid !== undefined && { external_userid: rec.external_userid }) };
  },

  // Legacy casing: UserId / DeviceId / OpenId in CamelCase, user_ticket / expires_in snake (doc path/91023).
  user_getuserinfo: (ctx) => {
    const { code } = ctx.query;
    const { rec, userTicket } = exchange(ctx, code);
    if (rec.userid !== undefined) {
      return {
        UserId: rec.userid,
        DeviceId: rec.deviceid,
        ...(userTicket !== undefined && { user_ticket: userTicket, expires_in: TICKET_TTL_S }),
      };
    }
    return { OpenId: rec.openid, DeviceId: rec.deviceid, ...(rec.external_userid !== undefined && { external_userid: rec.external_userid }) };
  },

  auth_getuserdetail: (ctx) => {
    const { user_ticket } = ctx.body;
    const t = ctx.corp.domains.oauth.tickets.get(user_ticket);
    // A ticket belongs to the app it was issued to; another app's is as unknown (84015, our choice).
    if (!t || ctx.secretKind !== 'app' || t.agentid !== ctx.token.agentid) throw err('INVALID_USER_TICKET');
    if (t.expiresAtMs <= ctx.clock.nowMs()) throw err('USER_TICKET_EXPIRED');
    const c = ctx.corp.domains.contacts;
    const m = c.getUser(t.userid);
    if (!m) throw err('USERID_NOT_FOUND');
    const app = ctx.corp.apps.get(t.agentid);
    if (!app || !isMemberVisible(app, c, m)) throw err('NO_PRIVILEGE');
    // gender is a string here ("0" unknown, "1" male, "2" female; doc path/95833).
    return {
      userid: m.userid,
      gender: m.gender,
      avatar: m.avatar,
      qr_code: m.qr_code,
      mobile: m.mobile,
      email: m.email,
      biz_mail: m.biz_mail,
      address: m.address,
    };
  },
});
