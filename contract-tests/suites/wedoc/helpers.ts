/** Shared setup of the 文档 suites: a fresh corp, its first app's token, the wedoc system secret and a call helper. */
import { callUrl, getToken, operation, type OperationId, type WeComAnswer } from '../../harness/client.js';
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
    // By path rather than through the typed `call`: one helper over 45 operations would make the checker
    // expand every answer type at once (the document tree is recursive).
    wd: (id, body, t = token) => callUrl(target, operation(id).path, { query: { access_token: t }, body, method: 'POST' }),
    systemToken: () => getToken(target, corp.corpid, (corp.raw?.areas as Record<string, { secret: string }>)['wedoc']!.secret),
  };
}
