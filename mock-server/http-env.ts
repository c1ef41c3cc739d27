/**
 * `wecom-mock --print-http-env`: the environment file of the `.http` walkthroughs (examples/http/) for the
 * demo corp, in the JetBrains HTTP Client format (`http-client.env.json`: environment name → variables).
 * VS Code's REST Client takes the same object under `rest-client.environmentVariables` in its settings.
 */
import { createApp } from './index.js';
import type { CorpCredentials } from './credentials.js';
import type { ScenarioName } from '../fixtures/types.js';

/** The environment name the walkthroughs are run with (`httpyac --env demo`, the IDEs' environment picker). */
export const HTTP_ENV_NAME = 'demo';

export type HttpEnvFile = Record<string, Record<string, string | number>>;

/** The variables every walkthrough reads, for a mock at `baseUrl` and one of its corps. */
export function httpClientEnv(baseUrl: string, corp: CorpCredentials, adminToken?: string): HttpEnvFile {
  const app = corp.apps[0];
  if (!app) throw new Error(`corp ${corp.corpid} has no app: the walkthroughs need one`);
  const [userid, userid2] = corp.sample_userids ?? [];
  if (!userid) throw new Error(`corp ${corp.corpid} has no member in the app's visible range (scenario empty?)`);
  return {
    [HTTP_ENV_NAME]: {
      base_url: baseUrl.replace(/\/+$/, ''),
      corpid: corp.corpid,
      agentid: app.agentid,
      app_secret: app.secret,
      contacts_secret: corp.secrets.contacts,
      customer_contact_secret: corp.secrets.customer_contact,
      archive_secret: corp.secrets.archive,
      // OAuth's redirect_uri must be on the app's trusted domain (developer.work.weixin.qq.com/document/path/91022).
      trusted_domain: app.trusted_domain,
      userid,
      userid2: userid2 ?? userid,
      // Sent as X-WeCom-Mock-Admin-Token on /__mock/* calls; the mock ignores it when it has no admin token.
      admin_token: adminToken ?? '',
    },
  };
}

/**
 * Prints the env file for the demo corp the same flags would start, without listening: the demo corp's
 * credentials follow from its seed and scenario.
 */
export function printHttpEnv(o: { host: string; port: number; seed: number; scenario: ScenarioName; adminToken: string | undefined }): void {
  const app = createApp({ seed: o.seed, scenario: o.scenario, adminToken: o.adminToken });
  try {
    if (!app.demoCorp) throw new Error('no demo corp');
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    const env = httpClientEnv(`http://${host}:${o.port}`, app.credentials(app.demoCorp) as CorpCredentials, o.adminToken);
    process.stdout.write(`${JSON.stringify(env, null, 2)}\n`);
  } finally {
    app.scheduler.close();
  }
}
