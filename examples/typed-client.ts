/**
 * Example: a WeCom client written with the typed client generated from the spec (`wecom-mock/client`).
 * Token caching, single-flight refresh and retries come with it, so it passes
 * `wecom-mock verify-client` in every fault profile:
 *
 *   npx wecom-mock verify-client --profile chaos -- npx tsx examples/typed-client.ts
 *
 * It reads the corp from the environment verify-client sets (WECOM_BASE_URL, WECOM_CORP_ID,
 * WECOM_CORP_SECRET), lists the departments, pages through the members and reads a few of them.
 */
// In your project: import { createWeComClient } from 'wecom-mock/client';
import { createWeComClient } from '../contract-tests/harness/typed-client.js';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run me under wecom-mock verify-client)`);
  return v;
}

const wecom = createWeComClient({ baseUrl: env('WECOM_BASE_URL'), corpid: env('WECOM_CORP_ID'), corpsecret: env('WECOM_CORP_SECRET') });

/** The body of a successful answer; throws with WeCom's errcode otherwise. */
function ok<T extends { errcode?: number; errmsg?: string }>(what: string, r: { data?: T; response: Response }): T {
  if (!r.data) throw new Error(`${what}: HTTP ${r.response.status}`);
  if ((r.data.errcode ?? 0) !== 0) throw new Error(`${what}: errcode ${r.data.errcode} ${r.data.errmsg ?? ''}`);
  return r.data;
}

async function main(): Promise<void> {
  // Four calls at once: one gettoken serves them all.
  const [departments, ids, ips, domainIps] = await Promise.all([
    wecom.GET('/cgi-bin/department/list', {}).then((r) => ok('department/list', r)),
    wecom.GET('/cgi-bin/department/simplelist', {}).then((r) => ok('department/simplelist', r)),
    wecom.GET('/cgi-bin/getcallbackip', {}).then((r) => ok('getcallbackip', r)),
    wecom.GET('/cgi-bin/get_api_domain_ip', {}).then((r) => ok('get_api_domain_ip', r)),
  ]);
  console.log(`departments: ${departments.department?.length ?? 0} (${ids.department_id?.length ?? 0} ids); callback ips ${ips.ip_list?.length ?? 0}, api ips ${domainIps.ip_list?.length ?? 0}`);

  // Every member id, a page of 10 at a time.
  const userids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = ok('user/list_id', await wecom.POST('/cgi-bin/user/list_id', { body: { limit: 10, ...(cursor && { cursor }) } }));
    for (const row of page.dept_user ?? []) userids.add(row.userid);
    cursor = page.next_cursor || undefined;
  } while (cursor);
  console.log(`members: ${userids.size}`);

  for (const userid of [...userids].slice(0, 8)) {
    const user = ok('user/get', await wecom.GET('/cgi-bin/user/get', { params: { query: { userid } } }));
    console.log(`  ${user.userid} ${user.name ?? ''}`);
  }
}

main().catch((e: unknown) => {
  console.error(`typed-client: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
