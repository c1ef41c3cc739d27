/** Shared setup of the 微盘 suites: a fresh corp, its app token, a space of the app's own. */
import type { Target, TestCorp } from '../../harness/target.js';
import { call, getToken } from '../../harness/client.js';

export interface DriveCorp {
  corp: TestCorp;
  token: string;
  users: string[];
  /** A new, empty space created by the corp's app. */
  space(name?: string): Promise<string>;
}

export async function driveCorp(target: Target, options: Parameters<Target['newCorp']>[0] = {}): Promise<DriveCorp> {
  const corp = await target.newCorp(options);
  const token = await getToken(target, corp.corpid, corp.appSecret);
  const users = (corp.raw?.sample_userids ?? []) as string[];
  return {
    corp,
    token,
    users,
    space: async (name = '测试空间') => {
      const r = await call(target, 'wedrive_space_create', { token, body: { space_name: name } });
      if (r.errcode !== 0) throw new Error(`space_create answered ${r.errcode}`);
      return r.json!['spaceid'] as string;
    },
  };
}
