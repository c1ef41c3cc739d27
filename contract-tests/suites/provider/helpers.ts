/** Shared setup of the third-party suites: a provider's suite installed in a corp, with its corp token. */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Target, TestCorp } from '../../harness/target.js';
import { call, getToken } from '../../harness/client.js';
import { ReceiverCrypto } from '../../harness/crypto.js';
import { CallbackReceiver } from '../../harness/receiver.js';
import { xmlField } from '../callbacks/helpers.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomKey = (n: number): string => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');

export interface Installed {
  corp: TestCorp;
  suite_id: string;
  provider_corpid: string;
  token: string;
  aes: string;
  suiteToken: string;
  permanent_code: string;
  agentid: number;
  /** access_token of the suite's app in the corp (service/get_corp_token). */
  corpToken: string;
  /** access_token of the corp's own first app. */
  ownToken: string;
  /** Instruction callback (receiveid = suite_id). */
  instruction: CallbackReceiver;
  /** Data callback (receiveid = the corp's corpid). */
  data: CallbackReceiver;
  close(): Promise<void>;
}

/** The InfoType plaintexts a receiver got. */
export function infos(r: CallbackReceiver, type: string): string[] {
  return r.plaintexts().filter((x) => xmlField(x, 'InfoType') === type);
}

/** A new provider's suite installed for the whole corp (a new corp unless `into` is given). */
export async function installed(t: Target, into?: TestCorp): Promise<Installed> {
  const base = t.baseUrl;
  const corp = into ?? (await t.newCorp());
  const p = await t.admin<{ corpid: string }>('POST', '/__mock/providers', {});
  expect(p.status).toBe(201);
  const suite_id = `ww${randomBytes(8).toString('hex')}`;
  const token = randomKey(16);
  const aes = randomKey(43);
  const instruction = await CallbackReceiver.start(new ReceiverCrypto(token, aes, suite_id));
  const data = await CallbackReceiver.start(new ReceiverCrypto(token, aes, corp.corpid));
  const s = await t.admin<{ suite_secret: string }>('POST', `/__mock/providers/${p.json.corpid}/suites`, {
    suite_id,
    token,
    encoding_aes_key: aes,
    instruction_url: instruction.url,
    data_url: data.url,
    retry_backoff_ms: [0, 0],
  });
  expect(s.status, JSON.stringify(s.json)).toBe(201);
  await t.admin('POST', '/__mock/callbacks/drain', { corpid: p.json.corpid, timeout_ms: 20_000 });
  const ticket = xmlField(infos(instruction, 'suite_ticket').at(-1)!, 'SuiteTicket');
  const st = await call(base, 'service_get_suite_token', { body: { suite_id, suite_secret: s.json.suite_secret, suite_ticket: ticket as string } });
  expect(st.errcode, JSON.stringify(st.json)).toBe(0);
  const suiteToken = st.json!['suite_access_token'] as string;
  const pre = await call(base, 'service_get_pre_auth_code', { token: suiteToken });
  const page = `${base}/3rdapp/install?suite_id=${suite_id}&pre_auth_code=${encodeURIComponent(pre.json!['pre_auth_code'] as string)}&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/installed')}&state=s`;
  const post = await fetch(page, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'install', corpid: corp.corpid, userid: corp.raw!.sample_userids![0]!, scope: 'all' }).toString(),
  });
  expect(post.status).toBe(302);
  const auth_code = new URL(post.headers.get('location')!).searchParams.get('auth_code')!;
  const perm = await call(base, 'service_get_permanent_code', { token: suiteToken, body: { auth_code } });
  expect(perm.errcode, JSON.stringify(perm.json)).toBe(0);
  const permanent_code = perm.json!['permanent_code'] as string;
  const agentid = (perm.json!['auth_info'] as { agent: Array<{ agentid: number }> }).agent[0]!.agentid;
  const ct = await call(base, 'service_get_corp_token', { token: suiteToken, body: { auth_corpid: corp.corpid, permanent_code } });
  expect(ct.errcode).toBe(0);
  return {
    corp,
    suite_id,
    provider_corpid: p.json.corpid,
    token,
    aes,
    suiteToken,
    permanent_code,
    agentid,
    corpToken: ct.json!['access_token'] as string,
    ownToken: await getToken(base, corp.corpid, corp.appSecret),
    instruction,
    data,
    close: async () => {
      await instruction.close();
      await data.close();
    },
  };
}

/**
 * The ciphertext userid a third-party token sees for a plain userid: both user/list_id answers list every
 * member in the same order (the contacts-sync secret and an app of the whole corp), so the rows line up.
 */
export async function cipherFor(base: string, corp: TestCorp, tpToken: string, userid: string): Promise<string> {
  const contacts = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
  const plain = await call(base, 'user_list_id', { token: contacts, body: {} });
  const cipher = await call(base, 'user_list_id', { token: tpToken, body: {} });
  const a = plain.json!['dept_user'] as Array<{ userid: string }>;
  const b = cipher.json!['dept_user'] as Array<{ userid: string }>;
  expect(b.length).toBe(a.length);
  const i = a.findIndex((r) => r.userid === userid);
  expect(i, `${userid} in user/list_id`).toBeGreaterThanOrEqual(0);
  return b[i]!.userid;
}

/** Runs `fn` with a new suite installed in a new corp (see {@link installed}), and closes its receivers afterwards. */
export async function withInstalled<T>(t: Target, fn: (s: Installed) => Promise<T>): Promise<T> {
  const s = await installed(t);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
