/** doc_change callbacks: the app that created a doc hears of its changes, in the shape of spec/webhooks/wedoc. Mock only. */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { checkWebhookXml } from '../../harness/webhook-schemas.js';
import { appReceiver, drain } from '../callbacks/helpers.js';
import { docChanges, docCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('wedoc change events', () => {
  it('When the owning app renames, edits, shares and deletes a doc, then it receives doc_change for each, matching its schema', async () => {
    const c = await docCorp(target);
    const rx = await appReceiver(target, c.corp);
    try {
      const docid = await docChanges(target, c.corp);
      await drain(target, c.corp.corpid);
      const xmls = rx.receiver.plaintexts();
      const checks = xmls.map(checkWebhookXml);
      expect(checks.flatMap((x) => x.errors)).toEqual([]);
      const kinds = checks.map((x) => (x.json as Record<string, unknown>)['ChangeType']);
      expect(kinds).toEqual(['rename_doc', 'modify_doc_content', 'modify_doc_member', 'modify_doc_auth', 'delete_doc']);
      expect(checks.every((x) => (x.json as Record<string, unknown>)['DocId'] === docid)).toBe(true);
    } finally {
      await rx.receiver.close();
    }
  });
});
