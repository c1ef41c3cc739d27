/**
 * "Not set" values (issue 23, one rule of the validation layer, mock-server/core/pipeline/validate.ts): Go SDKs
 * without `omitempty` (e.g. xen0n/go-workwx) send every optional field on every call, as JSON `null` or `0`.
 * WeCom takes them as absent and applies the documented default: user/list_id's `limit` defaults to the page
 * size when absent (developer.work.weixin.qq.com/document/path/96067), tag/create picks a tagid when none is
 * given (developer.work.weixin.qq.com/document/path/90210). A required field keeps its refusal.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();

describe('optional fields sent as null or 0', () => {
  it('When user/list_id gets cursor null and limit 0, then the first page of the default size answers', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.contactsSecret!);
    const plain = await call(target, 'user_list_id', { token, body: {} });
    const unset = await call(target, 'user_list_id', { unchecked: true, token, body: { cursor: null, limit: 0 } });
    expect(unset.errcode).toBe(0);
    expect(unset.json!['dept_user']).toEqual(plain.json!['dept_user']);
  });

  it('When tag/create gets tagid 0, then a tagid is picked; a null for the required tagname is still refused', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.contactsSecret!);
    const r = await call(target, 'tag_create', { unchecked: true, token, body: { tagname: 'go-sdk', tagid: 0 } });
    expect(r.errcode).toBe(0);
    expect(r.json!['tagid']).toBeGreaterThanOrEqual(1);
    const bad = await call(target, 'tag_create', { unchecked: true, token, body: { tagname: null } });
    expect(bad.errcode).not.toBe(0);
  });

  it('When message/send carries null for its optional switches and nested fields, then it is sent with the defaults', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const r = await call(target, 'message_send', {
      unchecked: true,
      token,
      body: {
        touser: '@all',
        toparty: null,
        totag: null,
        msgtype: 'text',
        agentid: corp.agentid,
        text: { content: 'hello' },
        safe: null,
        enable_id_trans: null,
        enable_duplicate_check: null,
        duplicate_check_interval: null,
      },
    });
    expect(r.errcode, JSON.stringify(r.json)).toBe(0);
    // A wrong type that is not null is still refused.
    const wrong = await call(target, 'message_send', { unchecked: true, token, body: { touser: '@all', msgtype: 'text', agentid: corp.agentid, text: { content: 'x' }, safe: 'yes' } });
    expect(wrong.errcode).not.toBe(0);
    expect(wrong.errcode).not.toBe(code('API_FORBIDDEN'));
  });
});
