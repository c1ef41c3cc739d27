/**
 * message/send to members who cannot receive: a disabled member (user/update `enable: 0`,
 * developer.work.weixin.qq.com/document/path/90197) and a member who left (user/delete, path/90198).
 * path/90236: when some recipients are invalid the send goes on and names them in `invaliduser`
 * (lower-cased); when none is left → 81013. Mock only: delivery is read through the inbox side channel.
 * (WeCom's status 5, 退出企业, is reached by neither WeCom's API nor the control plane; the removed member
 * is the departure a server can cause.)
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { messageCorp } from './helpers.js';

const target = await suiteTarget();

const text = { msgtype: 'text', text: { content: 'walkthrough' } };

describe.skipIf(!target.isMock)('message/send to disabled and departed members', () => {
  it('When one recipient is disabled and one was deleted, then the active one receives it and invaliduser names the others', async () => {
    const c = await messageCorp(target);
    const [active, disabled, departed] = c.users as [string, string, string];
    const contacts = await getToken(target.baseUrl, c.corp.corpid, c.corp.contactsSecret!);
    expect((await call(target, 'user_update', { token: contacts, body: { userid: disabled, enable: 0 } })).errcode).toBe(0);
    expect((await call(target, 'user_delete', { token: contacts, query: { userid: departed } })).errcode).toBe(0);

    const r = await c.send({ touser: `${active}|${disabled}|${departed}`, ...text });
    expect(r.errcode).toBe(0);
    expect(r.json?.['invaliduser']).toBe(`${disabled}|${departed}`.toLowerCase());
    expect(await c.inbox(active)).toHaveLength(1);
    expect(await c.inbox(disabled)).toHaveLength(0);

    // Only members who cannot receive → nobody is left: 81013.
    const none = await c.send({ touser: `${disabled}|${departed}`, ...text });
    expect(none.errcode).toBe(code('ALL_RECIPIENTS_INVALID'));
    expect(await c.inbox(disabled)).toHaveLength(0);

    // Enabled again, the member receives messages again.
    expect((await call(target, 'user_update', { token: contacts, body: { userid: disabled, enable: 1 } })).errcode).toBe(0);
    const again = await c.send({ touser: disabled, ...text });
    expect(again.errcode).toBe(0);
    expect(again.json?.['invaliduser']).toBeUndefined();
    expect(await c.inbox(disabled)).toHaveLength(1);
  });

  it('When a department with a disabled member is addressed, then the member is skipped without being named', async () => {
    const c = await messageCorp(target);
    const [active, disabled] = c.users as [string, string];
    const contacts = await getToken(target.baseUrl, c.corp.corpid, c.corp.contactsSecret!);
    expect((await call(target, 'user_update', { token: contacts, body: { userid: disabled, enable: 0 } })).errcode).toBe(0);
    const r = await c.send({ toparty: '1', ...text });
    expect(r.errcode).toBe(0);
    expect(r.json?.['invaliduser']).toBeUndefined();
    expect(await c.inbox(active)).toHaveLength(1);
    expect(await c.inbox(disabled)).toHaveLength(0);
  });
});
