/**
 * Control plane of sign-ins (spec tag mock-admin): the next visitor of a sign-in page, the journal of
 * sign-ins, the JS-SDK signature check, and adding a self-built app to a corp. Behaviour lives in
 * domains/oauth; this file only maps HTTP to it.
 */
import type { MockApp, Corp } from '../app.js';
import { ALNUM, TOKEN_ALPHABET } from '../core/runtime/rng.js';
import type { AppState } from '../core/tenancy/types.js';
import { checkJssdk, type NextVisitor } from '../domains/oauth/index.js';

type AdminResult = { status?: number; body: unknown };
/** A control-plane handler (admin/index.ts calls it). */
export type OauthAdminHandler = (a: { params: Record<string, string>; query: Record<string, string>; body: Record<string, unknown> }) => AdminResult;
/** Builds the admin error of admin/index.ts (passed in so this file does not import it back). */
export type AdminFail = (status: number, code: string, message: string) => Error;

function appView(a: AppState): Record<string, unknown> {
  return { ...a, allow_party: [...a.allow_party], allow_user: [...a.allow_user], allow_tag: [...a.allow_tag], callback: { ...a.callback } };
}

/** The sign-in part of the control plane. */
export function createOauthAdmin(app: MockApp, fail: AdminFail): Record<string, OauthAdminHandler> {
  const corpOf = (corpid: unknown): Corp => {
    const corp = typeof corpid === 'string' ? app.registry.get(corpid) : undefined;
    if (!corp) throw fail(404, 'corp_not_found', `no corp ${JSON.stringify(corpid)}; GET /__mock/corps lists them`);
    return corp;
  };

  const checkRange = (corp: Corp, body: Record<string, unknown>): void => {
    const c = corp.domains.contacts;
    const badParty = (body['allow_party'] as number[] | undefined)?.find((id) => !c.departments.has(id));
    if (badParty !== undefined) throw fail(400, 'unknown_department', `department ${badParty} does not exist`);
    const badUser = (body['allow_user'] as string[] | undefined)?.find((u) => !c.getUser(u));
    if (badUser !== undefined) throw fail(400, 'unknown_member', `member ${badUser} does not exist`);
    const badTag = (body['allow_tag'] as number[] | undefined)?.find((t) => !c.tags.has(t));
    if (badTag !== undefined) throw fail(400, 'unknown_tag', `tag ${badTag} does not exist`);
  };

  return {
    mock_oauth_next_user: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const userid = body['userid'] as string | undefined;
      const visitor = body['visitor'] === true;
      const refuse = body['refuse'] === true;
      if ([userid !== undefined, visitor, refuse].filter(Boolean).length !== 1) {
        throw fail(400, 'bad_body', 'give exactly one of userid, visitor: true or refuse: true');
      }
      const member = userid === undefined ? undefined : corp.domains.contacts.getUser(userid);
      if (userid !== undefined && !member) throw fail(400, 'unknown_member', `corp ${corp.corpid} has no member ${userid}`);
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
      if (query['corpid'] === undefined) throw fail(400, 'bad_parameter', 'corpid is required');
      const corp = corpOf(query['corpid']);
      const since = query['since'];
      if (since !== undefined && !/^\d+$/.test(since)) throw fail(400, 'bad_parameter', 'since must be a non-negative integer');
      const after = since === undefined ? 0 : Number(since);
      return { body: { logins: corp.domains.oauth.logins.filter((l) => l.seq > after).map((l) => ({ ...l })) } };
    },

    mock_jssdk_check: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const kind = (body['kind'] as 'config' | 'agentConfig' | undefined) ?? 'config';
      const agentid = body['agentid'] as number | undefined;
      if (kind === 'agentConfig' && agentid === undefined) throw fail(400, 'bad_body', 'agentConfig needs agentid');
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

    mock_apps_create: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      checkRange(corp, body);
      const first = [...corp.apps.values()][0];
      const agentid = Math.max(1_000_001, ...corp.apps.keys()) + 1;
      let secret: string;
      do secret = corp.rng.string(43, TOKEN_ALPHABET);
      while (corp.secretIndex.has(secret));
      const created: AppState = {
        agentid,
        name: (body['name'] as string | undefined) ?? `应用${agentid}`,
        secret,
        allow_party: (body['allow_party'] as number[] | undefined) ?? [1],
        allow_user: (body['allow_user'] as string[] | undefined) ?? [],
        allow_tag: (body['allow_tag'] as number[] | undefined) ?? [],
        trusted_domain: (body['trusted_domain'] as string | undefined) ?? first?.trusted_domain ?? 'app.example.test',
        callback: { url: '', token: corp.rng.string(32, ALNUM), encoding_aes_key: corp.rng.string(43, ALNUM) },
      };
      corp.apps.set(agentid, created);
      corp.secretIndex.set(secret, { kind: 'app', agentid });
      return { status: 201, body: appView(created) };
    },
  };
}
