import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import type { Ctx } from '../types.js';

/** JS-SDK tickets need an app's token; the system tools' tokens cannot sign pages. */
export function requireAppToken(ctx: Ctx): number {
  if (ctx.secretKind !== 'app' || ctx.token.agentid === undefined) throw err('API_FORBIDDEN');
  return ctx.token.agentid;
}

/** Ticket fetches: 400 per hour per corp and 100 per hour per app, else 45009 (doc path/90506). */
export function countTicketFetch(ctx: Ctx, agentid: number): void {
  const q = ctx.corp.domains.tokens.ticketFetches;
  const now = ctx.clock.nowMs();
  // The app's own quota first: a fetch the app quota refuses does not use up the corp's.
  if (!q.hit(`app:${agentid}`, now, LIMITS.quota.jsapi_ticket_per_app_hour)) throw err('API_FREQ_OUT_OF_LIMIT');
  if (!q.hit('corp', now, LIMITS.quota.jsapi_ticket_per_corp_hour)) throw err('API_FREQ_OUT_OF_LIMIT');
}
