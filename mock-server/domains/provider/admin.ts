/**
 * Control plane of service providers and suites (spec tag mock-admin): create providers and suites, push
 * a suite_ticket, change / cancel / reset an authorization, issue a third-party in-client OAuth code.
 * Behaviour lives in domains/provider; this file only maps HTTP to it.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { AdminError, type AdminRoutes } from '../../core/control/kit.js';
import { TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import type { SuiteTenant } from '../../core/tenancy/thirdparty.js';
import { suiteReceiverKey } from '../callbacks/index.js';
import type { MockHost } from '../types.js';
import {
  createProvider,
  createSuite,
  emitInstruction,
  issueAuthCode,
  issueSuiteOauthCode,
  privilegeFor,
  providerCorp,
  pushTicket,
  uninstallApp,
} from './state.js';

function suiteView(s: SuiteTenant): Record<string, unknown> {
  return {
    suite_id: s.suite_id,
    suite_secret: s.suite_secret,
    provider_corpid: s.provider_corpid,
    name: s.name,
    customized: s.customized,
    instruction: { ...s.instruction },
    data: { ...s.data },
    redirect_domain: s.redirect_domain,
    trusted_domain: s.trusted_domain,
    tickets: s.tickets.map((t) => ({ ...t })),
    auths: [...s.auths.values()].map((a) => ({ ...a, privilege: { ...a.privilege } })),
  };
}

/** The service-provider part of the control plane. */
export function providerAdmin(host: MockHost): AdminRoutes {
  const { registry } = host;
  const suiteOf = (id: string | undefined): SuiteTenant => {
    const s = id === undefined ? undefined : registry.suites.get(id);
    if (!s || !registry.get(s.provider_corpid)) throw new AdminError(404, 'suite_not_found', `no suite ${JSON.stringify(id)}`);
    return s;
  };
  return {
    mock_providers_create: ({ body }) => {
      const corpid = body['corpid'] as string | undefined;
      if (corpid !== undefined && registry.get(corpid)) throw new AdminError(409, 'corp_exists', `corp ${corpid} exists already`);
      const corp = host.createCorp({ seed: body['seed'] as number | undefined, scenario: 'empty', corpid, corpName: body['corp_name'] as string | undefined });
      const p = createProvider(registry, corp);
      return { status: 201, body: { corpid: p.corpid, provider_secret: p.provider_secret, corp_name: corp.corpName } };
    },
    mock_providers_list: () => ({
      body: {
        providers: [...registry.providers.values()].map((p) => ({
          corpid: p.corpid,
          provider_secret: p.provider_secret,
          suites: [...registry.suites.values()].filter((s) => s.provider_corpid === p.corpid).map((s) => s.suite_id),
        })),
      },
    }),
    mock_suites_create: ({ params, body }) => {
      const p = registry.providers.get(params['corpid'] ?? '');
      if (!p || !registry.get(p.corpid)) throw new AdminError(404, 'provider_not_found', `no provider ${JSON.stringify(params['corpid'])}; POST /__mock/providers creates one`);
      const backoff = body['retry_backoff_ms'] as number[] | undefined;
      const wanted = body['suite_id'] as string | undefined;
      if (wanted !== undefined && registry.suites.has(wanted)) throw new AdminError(409, 'suite_exists', `suite ${wanted} exists already`);
      const corp = registry.get(p.corpid)!;
      const suite = createSuite(registry, p, {
        name: body['name'] as string | undefined,
        customized: body['customized'] as boolean | undefined,
        instruction_url: undefined,
        data_url: body['data_url'] as string | undefined,
        redirect_domain: body['redirect_domain'] as string | undefined,
        trusted_domain: body['trusted_domain'] as string | undefined,
        suite_id: wanted,
        token: body['token'] as string | undefined,
        encoding_aes_key: body['encoding_aes_key'] as string | undefined,
      });
      if (backoff) {
        const opts = corp.domains.callbacks.optionsFor(suiteReceiverKey(suite.suite_id));
        corp.domains.callbacks.options.set(suiteReceiverKey(suite.suite_id), { ...opts, retry_backoff_ms: backoff.slice(0, LIMITS.bound.callback_attempts.max - 1) });
      }
      // The URL is set after the options, so the first ticket already goes out with them.
      const url = body['instruction_url'] as string | undefined;
      if (url) {
        suite.instruction.url = url;
        pushTicket(registry, suite);
      }
      return { status: 201, body: suiteView(suite) };
    },
    mock_suites_get: ({ params }) => ({ body: suiteView(suiteOf(params['suite_id'])) }),
    mock_suites_update: ({ params, body }) => {
      const suite = suiteOf(params['suite_id']);
      const instruction = body['instruction_url'] as string | undefined;
      const data = body['data_url'] as string | undefined;
      // The instruction config object is shared with the corps' callback state: changing it changes them all.
      if (instruction !== undefined) suite.instruction.url = instruction;
      const trusted = body['trusted_domain'] as string | undefined;
      if (trusted !== undefined) {
        suite.trusted_domain = trusted;
        // The installed apps take the suite's trusted domain (in-client OAuth, JS-SDK).
        for (const auth of suite.auths.values()) {
          const app = auth.cancelled ? undefined : registry.get(auth.corpid)?.apps.get(auth.agentid);
          if (app?.third_party?.suite_id === suite.suite_id) app.trusted_domain = trusted;
        }
      }
      if (data !== undefined) {
        suite.data.url = data;
        // The installed apps carry the data callback as their own (receiveid = their corp).
        for (const auth of suite.auths.values()) {
          const app = auth.cancelled ? undefined : registry.get(auth.corpid)?.apps.get(auth.agentid);
          if (app?.third_party?.suite_id === suite.suite_id) app.callback.url = data;
        }
      }
      return { body: suiteView(suite) };
    },
    mock_suites_ticket_push: ({ params }) => {
      const suite = suiteOf(params['suite_id']);
      const ticket = pushTicket(registry, suite);
      return { status: 201, body: { suite_id: suite.suite_id, suite_ticket: ticket } };
    },
    mock_suites_auth_action: ({ params, body }) => {
      const suite = suiteOf(params['suite_id']);
      const auth = suite.auths.get(params['corpid'] ?? '');
      const corp = registry.get(params['corpid'] ?? '');
      if (!auth || auth.cancelled || !corp) throw new AdminError(404, 'auth_not_found', `corp ${params['corpid']} has not installed suite ${suite.suite_id}`);
      const action = body['action'];
      if (action === 'cancel_auth') {
        auth.cancelled = true;
        uninstallApp(registry, corp, auth.agentid);
        emitInstruction(registry, suite, { InfoType: 'cancel_auth', AuthCorpId: corp.corpid });
      } else if (action === 'change_auth') {
        auth.privilege = privilegeFor(String(body['scope'] ?? 'all'), auth.admin_userid);
        const a = corp.apps.get(auth.agentid);
        if (a) Object.assign(a, { allow_party: [...auth.privilege.allow_party], allow_user: [...auth.privilege.allow_user], allow_tag: [] });
        emitInstruction(registry, suite, { InfoType: 'change_auth', AuthCorpId: corp.corpid, ...(auth.state && { State: auth.state }) });
      } else if (action === 'reset_permanent_code') {
        auth.permanent_code = providerCorp(registry, suite).rng.string(43, TOKEN_ALPHABET);
        const code = issueAuthCode(registry, suite, corp.corpid, true);
        emitInstruction(registry, suite, { InfoType: 'reset_permanent_code', AuthCode: code });
      } else throw new AdminError(400, 'bad_body', 'action must be change_auth, cancel_auth or reset_permanent_code');
      return { body: { ...auth, privilege: { ...auth.privilege } } };
    },
    mock_suites_oauth_code: ({ params, body }) => {
      const suite = suiteOf(params['suite_id']);
      const corpid = String(body['corpid'] ?? '');
      const auth = suite.auths.get(corpid);
      if (!auth || auth.cancelled) throw new AdminError(404, 'auth_not_found', `corp ${corpid} has not installed suite ${suite.suite_id}`);
      const userid = body['userid'] as string | undefined;
      const m = userid === undefined ? undefined : registry.get(corpid)?.domains.contacts.getUser(userid);
      if (userid !== undefined && !m) throw new AdminError(400, 'unknown_member', `corp ${corpid} has no member ${userid}`);
      const code = issueSuiteOauthCode(registry, suite, corpid, m?.userid, String(body['scope'] ?? 'snsapi_base'));
      return { status: 201, body: { code } };
    },
  };
}
