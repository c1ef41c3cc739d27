import { LIMITS } from '../../../spec/generated/limits.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { err } from '../../core/errors/index.js';
import { TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import { defineRoutes, type AnswerOf, type Ctx } from '../types.js';
import type { Ticket } from './state.js';
import { countTicketFetch, requireAppToken } from './rules.js';

const TOKEN_TTL = LIMITS.lifetime.access_token_lifetime.seconds;
const TICKET_TTL = LIMITS.lifetime.jsapi_ticket_lifetime.seconds;

/** The still-valid ticket, or a new one (valid 7,200 s; the same value while valid). */
function currentTicket(ctx: Ctx, existing: Ticket | undefined): Ticket {
  const now = ctx.clock.nowMs();
  if (existing && existing.expiresAtMs > now) return existing;
  return { ticket: ctx.rng.string(86, TOKEN_ALPHABET), expiresAtMs: now + TICKET_TTL * 1000 };
}

function ticketAnswer(ctx: Ctx, t: Ticket): AnswerOf<'ticket_get'> {
  // Seconds left, rounded up: a ticket issued in this call answers the full 7,200.
  return { ticket: t.ticket, expires_in: Math.max(0, Math.ceil((t.expiresAtMs - ctx.clock.nowMs()) / 1000)) };
}

export const tokensRoutes = defineRoutes({
  gettoken: publicRoute((ctx) => {
    const corpid = String(ctx.query['corpid']);
    const corp = ctx.registry.get(corpid);
    if (!corp) throw err('INVALID_CORPID');
    ctx.corp = corp;
    const rec = ctx.registry.tokenFor(corp, String(ctx.query['corpsecret']), TOKEN_TTL);
    if (!rec) throw err('INVALID_CREDENTIAL');
    return {
      access_token: rec.token,
      expires_in: Math.max(0, Math.ceil((rec.expiresAtMs - corp.clock.nowMs()) / 1000)),
    };
  }),

  get_jsapi_ticket: (ctx) => {
    const agentid = requireAppToken(ctx);
    countTicketFetch(ctx, agentid);
    const state = ctx.corp.domains.tokens;
    state.corpTicket = currentTicket(ctx, state.corpTicket);
    return ticketAnswer(ctx, state.corpTicket);
  },

  ticket_get: (ctx) => {
    const agentid = requireAppToken(ctx);
    countTicketFetch(ctx, agentid);
    const state = ctx.corp.domains.tokens;
    const t = currentTicket(ctx, state.agentTickets.get(agentid));
    state.agentTickets.set(agentid, t);
    return ticketAnswer(ctx, t);
  },

  getcallbackip: () => ({ ip_list: ['127.0.0.1'] }),

  get_api_domain_ip: (ctx) => {
    const host = ctx.baseUrl.replace(/^https?:\/\//, '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return { ip_list: [/^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : '127.0.0.1'] };
  },
});
