/**
 * Change events of 文档. WeCom publishes no XML sample for them in the official push examples; the mock
 * sends `doc_change` with ChangeType and DocId (spec/webhooks/wedoc/DocChange.yaml) to the app that owns
 * the doc, so a client can test its handler. Docs of the system secret have no app to hear them.
 */
import type { Ctx } from '../types.js';

export type DocChangeType = 'rename_doc' | 'delete_doc' | 'modify_doc_member' | 'modify_doc_auth' | 'modify_doc_content';

export function emitDocChange(ctx: Ctx, owner: number | undefined, docid: string, change: DocChangeType): void {
  if (owner === undefined) return;
  ctx.emit({ Event: 'doc_change', ChangeType: change, DocId: docid, AgentID: owner });
}
