/** Shared setup of the 文档 suites: a fresh corp, its first app's token, the wedoc system secret and a call helper. */
import { appCorp, callUrl, getToken, operation, type OperationId, type WeComAnswer } from '../../harness/client.js';
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
  const app = await appCorp(target, options);
  return {
    ...app,
    // By path rather than through the typed `call`: one helper over 45 operations would make the checker
    // expand every answer type at once (the document tree is recursive).
    wd: (id, body, t = app.token) => callUrl(target, operation(id).path, { query: { access_token: t }, body, method: 'POST' }),
    systemToken: () => getToken(target, app.corp.corpid, (app.corp.raw?.areas as Record<string, { secret: string }>)['wedoc']!.secret),
  };
}

/** Drives every doc_change kind on a new doc of the corp's first app (the webhook-schema suite uses it too). */
export async function docChanges(target: Target, corp: TestCorp): Promise<string> {
  const token = await getToken(target, corp.corpid, corp.appSecret);
  const wd = (id: OperationId, body: Record<string, unknown>): Promise<WeComAnswer> => callUrl(target, operation(id).path, { query: { access_token: token }, body, method: 'POST' });
  const docid = (await wd('wedoc_create_doc', { doc_type: 3, doc_name: 'a' })).json?.['docid'] as string;
  await wd('wedoc_rename_doc', { docid, new_name: 'b' });
  await wd('wedoc_document_batch_update', { docid, requests: [{ insert_text: { text: 'x', location: { index: 0 } } }] });
  await wd('wedoc_mod_doc_member', { docid, update_file_member_list: [{ type: 1, userid: corp.raw?.sample_userids?.[0], auth: 2 }] });
  await wd('wedoc_mod_doc_safty_setting', { docid, enable_readonly_copy: true });
  await wd('wedoc_del_doc', { docid });
  return docid;
}
