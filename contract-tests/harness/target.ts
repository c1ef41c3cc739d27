/**
 * The target a contract suite runs against: WECOM_BASE_URL when set (a running mock, or a real WeCom
 * corp), else an in-process mock. This file is the harness's only door into mock-server.
 */
import type { components } from '../../spec/generated/openapi.js';
import type { StartOptions } from '../../mock-server/index.js';

export type CorpCredentials = components['schemas']['CorpCredentials'];

/** The archive SDK stand-in (`wecom-mock/archive-sdk`): a client of the mock, used by the msgaudit suites. */
export { ArchiveSdk, SdkError, type ChatData } from '../../mock-server/archive-sdk/index.js';

/** The credentials a suite uses; a real corp supplies them through the environment. */
export interface TestCorp {
  corpid: string;
  appSecret: string;
  agentid: number;
  contactsSecret: string | undefined;
  /** A userid inside the app's visible range. */
  someUserid: string | undefined;
  raw: CorpCredentials | undefined;
}

export interface Target {
  baseUrl: string;
  /** True when the control plane (/__mock/*) is reachable: mock-only tests run. */
  isMock: boolean;
  /** A fresh isolated corp (mock) or the corp from the environment (real WeCom). */
  newCorp(options?: { scenario?: 'typical' | 'large' | 'empty'; seed?: number; settings?: Record<string, unknown> }): Promise<TestCorp>;
  /** Calls the control plane; throws against a real WeCom. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  close(): Promise<void>;
}

function fromCredentials(c: CorpCredentials, someUserid: string | undefined): TestCorp {
  const app = c.apps[0]!;
  return { corpid: c.corpid, appSecret: app.secret, agentid: app.agentid, contactsSecret: c.secrets.contacts, someUserid, raw: c };
}

async function probeMock(baseUrl: string): Promise<boolean> {
  try {
    const r = await fetch(`${baseUrl}/__mock/health`);
    if (r.status !== 200) return false;
    const j = (await r.json()) as { ok?: boolean };
    return j.ok === true;
  } catch {
    return false;
  }
}

/** Options of an in-process mock (createApp's), for tests that need a particular app. */
export type InProcessOptions = StartOptions;

/** Opens the target of this run: WECOM_BASE_URL when set, else an in-process mock built with `inProcess`. */
export async function openTarget(inProcess: InProcessOptions = {}): Promise<Target> {
  const baseUrl = process.env['WECOM_BASE_URL']?.replace(/\/+$/, '');
  if (baseUrl) return targetAt(baseUrl, async () => {});
  return startInProcessTarget(inProcess);
}

/** Always an in-process mock (ignores WECOM_BASE_URL): for tests of the harness itself. */
export async function startInProcessTarget(options: InProcessOptions = {}): Promise<Target> {
  const { startMockServer } = await import('../../mock-server/index.js');
  const mock = await startMockServer({ demoCorp: false, ...options });
  return targetAt(mock.url, () => mock.close());
}

/** The target at a base URL (a running mock or a real WeCom). */
export async function targetAt(url: string, close: () => Promise<void> = async () => {}): Promise<Target> {
  const env = process.env;
  const isMock = await probeMock(url);
  const adminToken = env['WECOM_MOCK_ADMIN_TOKEN'];

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    if (!isMock) throw new Error('the control plane is only available on wecom-mock');
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(adminToken && { 'x-wecom-mock-admin-token': adminToken }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : undefined) as T };
  };

  return {
    baseUrl: url,
    isMock,
    admin,
    close,
    async newCorp(options = {}) {
      if (isMock) {
        const r = await admin<CorpCredentials>('POST', '/__mock/corps', options);
        if (r.status !== 201) throw new Error(`could not create a corp: ${JSON.stringify(r.json)}`);
        // A member inside the app's visible range, read back through the control plane's journal-free path.
        return fromCredentials(r.json, undefined);
      }
      const corpid = env['WECOM_CORP_ID'];
      const secret = env['WECOM_CORP_SECRET'];
      const agentid = Number(env['WECOM_AGENT_ID']);
      if (!corpid || !secret || !Number.isInteger(agentid)) {
        throw new Error('against a real WeCom set WECOM_CORP_ID, WECOM_CORP_SECRET and WECOM_AGENT_ID');
      }
      return {
        corpid,
        appSecret: secret,
        agentid,
        contactsSecret: env['WECOM_CONTACTS_SECRET'],
        someUserid: env['WECOM_USERID'],
        raw: undefined,
      };
    },
  };
}

/** The receiver checker behind `wecom-mock check-callback`, for verify-client (reached through this door). */
export async function loadCallbackChecker(): Promise<typeof import('../../mock-server/callbacks-checker/index.js').runCallbackCheck> {
  return (await import('../../mock-server/callbacks-checker/index.js')).runCallbackCheck;
}

/** TLS front ends (local CA, HTTPS listener, CONNECT proxy for WeCom's hosts) forwarding to a mock's base URL. */
export async function startTlsProxy(
  upstream: string,
  options: { caDir?: string; proxyPort?: number; httpsPort?: number } = {},
): Promise<import('../../mock-server/net/tls.js').TlsFrontends> {
  const { startTlsFrontends } = await import('../../mock-server/net/tls.js');
  return startTlsFrontends({ upstream, ...options, ...(options.proxyPort === undefined && options.httpsPort === undefined && { proxyPort: 0 }) });
}
