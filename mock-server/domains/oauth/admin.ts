/**
 * Control plane of sign-ins (spec tag mock-admin): the next visitor of a sign-in page, the journal of
 * sign-ins and the JS-SDK signature check. Behaviour lives in
 * domains/oauth; this file only maps HTTP to it.
 */
import { AdminError, corpOf as findCorp, requireString, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';
import { checkJssdk } from './jssdk.js';
import { setJssdkContext } from './jssdk/bridge.js';
import type { JssdkEntry } from './state.js';
import type { NextVisitor } from './state.js';

/** The sign-in part of the control plane. */
export function oauthAdmin(host: MockHost): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);

  return {
    mock_oauth_next_user: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const userid = body['userid'] as string | undefined;
      const visitor = body['visitor'] === true;
      const refuse = body['refuse'] === true;
      if ([userid !== undefined, visitor, refuse].filter(Boolean).length !== 1) {
        throw new AdminError(400, 'bad_body', 'give exactly one of userid, visitor: true or refuse: true');
      }
      const member = userid === undefined ? undefined : corp.domains.contacts.getUser(userid);
      if (userid !== undefined && !member) throw new AdminError(400, 'unknown_member', `corp ${corp.corpid} has no member ${userid}`);
      const next: NextVisitor = {
        userid: member?.userid,
        visitor,
        external_userid: visitor ? (body['external_userid'] as string | undefined) : undefined,
        refuse,
      };
      corp.domains.oauth.next = next;
      return { body: { corpid: corp.corpid, next: { userid: next.userid ?? null, visitor, refuse } } };
    },

    mock_oauth_logins: ({ query }) => {
      const corp = corpOf(requireString(query['corpid'], 'corpid'));
      const since = query['since'];
      if (since !== undefined && !/^\d+$/.test(since)) throw new AdminError(400, 'bad_parameter', 'since must be a non-negative integer');
      const after = since === undefined ? 0 : Number(since);
      return { body: { logins: corp.domains.oauth.logins.filter((l) => l.seq > after).map((l) => ({ ...l })) } };
    },

    mock_jssdk_check: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const kind = (body['kind'] as 'config' | 'agentConfig' | undefined) ?? 'config';
      const agentid = body['agentid'] as number | undefined;
      if (kind === 'agentConfig' && agentid === undefined) throw new AdminError(400, 'bad_body', 'agentConfig needs agentid');
      return {
        body: checkJssdk(corp, {
          kind,
          agentid,
          url: body['url'] as string,
          timestamp: body['timestamp'] as string | number,
          nonceStr: body['nonceStr'] as string,
          signature: body['signature'] as string,
          ticket: body['ticket'] as string | undefined,
        }),
      };
    },

    mock_jssdk_context: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const problem = setJssdkContext(corp, {
        userid: body['userid'] as string | undefined,
        entry: body['entry'] as JssdkEntry | undefined,
        external_userid: body['external_userid'] as string | null | undefined,
        chat_id: body['chat_id'] as string | null | undefined,
        user_agent: body['user_agent'] as string | null | undefined,
      });
      if (problem) throw new AdminError(400, 'bad_context', problem);
      return { body: jssdkContextView(corp) };
    },

    mock_jssdk_context_get: ({ query }) => ({ body: jssdkContextView(corpOf(requireString(query['corpid'], 'corpid'))) }),
  };
}

function jssdkContextView(corp: Corp): Record<string, unknown> {
  const c = corp.domains.oauth.jssdk;
  return {
    corpid: corp.corpid,
    userid: c.userid ?? null,
    entry: c.entry,
    external_userid: c.external_userid ?? null,
    chat_id: c.chat_id ?? null,
    user_agent: c.user_agent ?? null,
    sent: corp.domains.oauth.jssdkSent.map((s) => ({ ...s })),
  };
}
