/**
 * Example: a naive WeCom client with the mistakes verify-client exists to catch. Do not copy it.
 *
 * - it fetches a new access_token before every call (token-caching);
 * - it also sends the token in an Authorization header (no-credential-leak);
 * - it never retries: a 42001 or -1 loses the call (token-refresh-retry, retry-system-busy);
 * - after a 45009 it carries straight on with the next call (throttle-backoff).
 *
 *   npx wecom-mock verify-client --profile flaky -- npx tsx examples/naive-client.ts   # fails, naming those checks
 */
const base = process.env['WECOM_BASE_URL'] ?? 'https://qyapi.weixin.qq.com';
const corpid = process.env['WECOM_CORP_ID'] ?? '';
const secret = process.env['WECOM_CORP_SECRET'] ?? '';

type Answer = Record<string, unknown> & { errcode?: number; errmsg?: string };

async function call(path: string, query: Record<string, string> = {}, body?: unknown): Promise<Answer | undefined> {
  const t = (await (await fetch(`${base}/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${secret}`)).json()) as Answer;
  if (typeof t['access_token'] !== 'string') {
    console.error(`gettoken: ${t.errcode} (giving up on ${path})`);
    return undefined;
  }
  const token = t['access_token'];
  const qs = new URLSearchParams({ access_token: token, ...query });
  const r = await fetch(`${base}/cgi-bin/${path}?${qs}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const j = (await r.json()) as Answer;
  if (j.errcode !== 0) console.error(`${path}: ${j.errcode} ${String(j.errmsg).slice(0, 40)}`);
  return j;
}

async function main(): Promise<void> {
  await call('department/list');
  await call('department/simplelist');
  await call('getcallbackip');
  await call('get_api_domain_ip');
  const userids: string[] = [];
  let cursor = '';
  for (let page = 0; page < 20; page++) {
    const r = await call('user/list_id', {}, { limit: 5, ...(cursor && { cursor }) });
    const rows = (r?.['dept_user'] as { userid: string }[] | undefined) ?? [];
    userids.push(...rows.map((x) => x.userid));
    cursor = typeof r?.['next_cursor'] === 'string' ? r['next_cursor'] : '';
    if (!cursor) break;
  }
  if (userids.length === 0 && process.env['WECOM_USERID']) userids.push(process.env['WECOM_USERID']);
  for (const userid of [...new Set(userids)].slice(0, 10)) await call('user/get', { userid });
  // Each department and its subtree, one by one.
  for (let id = 1; id <= 12; id++) {
    await call('department/simplelist', { id: String(id) });
    await call('department/list', { id: String(id) });
  }
  console.log(`naive-client: done (${userids.length} rows)`);
}

void main();
