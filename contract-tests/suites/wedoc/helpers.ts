/** Shared setup of the 文档 suites: a fresh corp, its first app's token, the wedoc system secret and a call helper. */
import type { OperationId } from '../../harness/client.js';
import { call, getToken, type WeComAnswer } from '../../harness/client.js';
import type { Target, TestCorp } from '../../harness/target.js';

export interface DocCorp {
  corp: TestCorp;
  token: string;
  users: string[];
  /** Calls a wedoc operation with the app's token (unchecked body: the suites send bad input on purpose). */
  wd(id: OperationId, body: Record<string, unknown>, token?: string): Promise<WeComAnswer>;
  /** A token of the 文档 system secret. */
  systemToken(): Promise<string>;
}

export async function docCorp(target: Target, options: Parameters<Target['newCorp']>[0] = {}): Promise<DocCorp> {
  const corp = await target.newCorp(options);
  const token = await getToken(target, corp.corpid, corp.appSecret);
  return {
    corp,
    token,
    users: (corp.raw?.sample_userids ?? []) as string[],
    wd: (id, body, t = token) => call(target, id, { unchecked: true, token: t, body }),
    systemToken: () => getToken(target, corp.corpid, (corp.raw?.areas as Record<string, { secret: string }>)['wedoc']!.secret),
  };
}
