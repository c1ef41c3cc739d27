/**
 * Would the WeCom client accept this `wx.config` / `wx.agentConfig`? The signature is sha1 over the
 * live ticket, nonceStr, timestamp and page URL (doc path/90506): `config` uses the corp's jsapi ticket,
 * `agentConfig` the app's agent_config ticket; the page must be on a trusted domain.
 */
import { jsapiSignature } from '../../core/crypto/jssdk.js';
import type { Corp } from '../types.js';

export interface JssdkCheckInput {
  kind: 'config' | 'agentConfig';
  agentid: number | undefined;
  url: string;
  timestamp: string | number;
  nonceStr: string;
  signature: string;
  /** Compute with this ticket instead of the live one (accepted only if it is the live one). */
  ticket: string | undefined;
}

export type JssdkProblemReason = 'no_ticket' | 'ticket_expired' | 'ticket_unknown' | 'invalid_signature' | 'url_not_trusted' | 'unknown_agentid' | 'bad_url';

export interface JssdkCheckResult {
  accepted: boolean;
  errMsg: string;
  problems: Array<{ reason: JssdkProblemReason; message: string }>;
  expected: { ticket: string | null; ticket_expires_in: number | null; string_to_sign: string | null; signature: string | null };
}

/** Checks a JS-SDK signature against the corp's state (tickets, trusted domains) at the corp's time. */
export function checkJssdk(corp: Corp, input: JssdkCheckInput): JssdkCheckResult {
  const problems: JssdkCheckResult['problems'] = [];
  const now = corp.clock.nowMs();
  const tokens = corp.domains.tokens;
  const app = input.agentid === undefined ? undefined : corp.apps.get(input.agentid);
  if (input.kind === 'agentConfig' && !app) {
    problems.push({ reason: 'unknown_agentid', message: `agentConfig needs the agentid of an app of the corp (got ${String(input.agentid)})` });
  }

  const live = input.kind === 'config' ? tokens.corpTicket : app ? tokens.agentTickets.get(app.agentid) : undefined;
  const which = input.kind === 'config' ? 'the corp jsapi ticket (get_jsapi_ticket)' : 'the app ticket (ticket/get?type=agent_config)';
  if (!live) problems.push({ reason: 'no_ticket', message: `${which} was never fetched` });
  else if (live.expiresAtMs <= now) problems.push({ reason: 'ticket_expired', message: `${which} expired; fetch a new one` });
  if (input.ticket !== undefined && input.ticket !== live?.ticket) {
    problems.push({ reason: 'ticket_unknown', message: `the given ticket is not ${which} currently issued` });
  }

  // The page must be on a trusted domain: the app's for agentConfig, one of the corp's apps' for config.
  let host: string | undefined;
  try {
    const u = new URL(input.url);
    if (u.protocol === 'http:' || u.protocol === 'https:') host = u.host;
  } catch {
    host = undefined;
  }
  if (host === undefined) problems.push({ reason: 'bad_url', message: 'url must be the absolute http(s) URL of the page' });
  else {
    const domains = input.kind === 'agentConfig' ? (app ? [app.trusted_domain] : []) : [...corp.apps.values()].map((a) => a.trusted_domain);
    if (!domains.some((d) => d.toLowerCase() === host)) {
      problems.push({ reason: 'url_not_trusted', message: `the page host ${host} is not a trusted domain (${domains.join(', ') || 'none'})` });
    }
  }

  const ticket = input.ticket ?? live?.ticket;
  let expected: JssdkCheckResult['expected'] = {
    ticket: ticket ?? null,
    ticket_expires_in: live ? Math.max(0, Math.floor((live.expiresAtMs - now) / 1000)) : null,
    string_to_sign: null,
    signature: null,
  };
  if (ticket !== undefined) {
    const s = jsapiSignature({ ticket, nonceStr: input.nonceStr, timestamp: input.timestamp, url: input.url });
    expected = { ...expected, string_to_sign: s.stringToSign, signature: s.signature };
    if (s.signature !== input.signature) problems.push({ reason: 'invalid_signature', message: 'the signature is not sha1 of the expected string to sign' });
  }

  const accepted = problems.length === 0;
  const first = problems[0]?.reason;
  const errMsg = accepted
    ? `${input.kind}:ok`
    : first === 'url_not_trusted' || first === 'bad_url'
      ? `${input.kind}:invalid url domain`
      : first === 'unknown_agentid'
        ? `${input.kind}:fail, invalid agentid`
        : `${input.kind}:invalid signature`;
  return { accepted, errMsg, problems, expected };
}
