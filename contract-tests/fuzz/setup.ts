/**
 * Prepares a fuzz run on a mock target: a fresh corp, a valid token for each of its secrets, an expired
 * token (through the control plane) and the known-good values the generator mixes in.
 */
import { getToken } from '../harness/client.js';
import type { CorpCredentials, Target } from '../harness/target.js';
import type { FuzzCredentials } from './requests.js';

/** Credentials and hints for fuzzing one fresh corp of a mock. */
export async function prepareFuzz(target: Target, options: { rateLimitScale?: number } = {}): Promise<FuzzCredentials & { corp: CorpCredentials }> {
  if (!target.isMock) throw new Error('the fuzzer creates corps and expires tokens: point it at wecom-mock, never at a real corp');
  const created = await target.admin<CorpCredentials>('POST', '/__mock/corps', {
    ...(options.rateLimitScale !== undefined && { settings: { rate_limit_scale: options.rateLimitScale } }),
  });
  if (created.status !== 201) throw new Error(`could not create a corp: ${JSON.stringify(created.json)}`);
  const corp = created.json;
  const app = corp.apps[0]!;
  const tokens: Record<string, string> = { app: await getToken(target.baseUrl, corp.corpid, app.secret) };
  for (const [kind, secret] of Object.entries(corp.secrets)) {
    if (typeof secret === 'string') tokens[kind] = await getToken(target.baseUrl, corp.corpid, secret);
  }
  // A token of another corp, ended early: 42001.
  const other = await target.admin<CorpCredentials>('POST', '/__mock/corps', { scenario: 'empty' });
  let expiredToken: string | undefined;
  if (other.status === 201) {
    const o = other.json;
    expiredToken = await getToken(target.baseUrl, o.corpid, o.apps[0]!.secret);
    await target.admin('POST', `/__mock/corps/${o.corpid}/tokens/expire`, {});
  }
  const userids = (corp as { sample_userids?: string[] }).sample_userids ?? [];
  return {
    corp,
    corpid: corp.corpid,
    tokens,
    expiredToken,
    hints: {
      userid: userids,
      corpid: [corp.corpid],
      agentid: corp.apps.map((a) => a.agentid),
      department: [1, 2],
      id: [1, 2],
      parentid: [1],
      department_id: [1, 2],
      redirect_uri: [`https://${app.trusted_domain}/cb`],
      appid: [corp.corpid],
      // The pay host's operations (tag mchpay) reach a merchant by its number.
      mch_id: (corp.mchpay?.merchants ?? []).map((m) => m.mch_id!),
      mchid: (corp.mchpay?.merchants ?? []).map((m) => m.mch_id!),
      wxappid: [corp.corpid],
    },
  };
}
