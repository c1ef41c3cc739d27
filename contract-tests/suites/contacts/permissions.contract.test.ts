/**
 * Who may do what in contacts (doc path/90193 "Who may write", doc path/90236): writes need the contacts-sync secret,
 * apps read inside their visible range, the 2022 rules restrict the contacts-sync secret's reads.
 * Mock only: the cases change the directory and the app's visible range through the control plane.
 */
import { describe, expect } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken, type OperationId } from '../../harness/client.js';
import { contactsCorp, contactsIt, member, type ContactsCorp } from './helpers.js';

const target = await suiteTarget();
const it = contactsIt(target);

/** Narrows the first app's visible range to one new department with one member inside and one outside. */
async function narrowApp(c: ContactsCorp): Promise<{ inside: number; outside: number }> {
  const inside = (await call(target, 'department_create', { token: c.sync, body: { name: 'Visible', parentid: 1 } })).json?.['id'] as number;
  const outside = (await call(target, 'department_create', { token: c.sync, body: { name: 'Hidden', parentid: 1 } })).json?.['id'] as number;
  await call(target, 'user_create', { token: c.sync, body: member('seen', { department: [inside], mobile: '13900001111' }) });
  await call(target, 'user_create', { token: c.sync, body: member('unseen', { department: [outside], mobile: '13900002222' }) });
  const r = await target.admin('PATCH', `/__mock/corps/${c.corp.corpid}/apps/${c.corp.agentid}`, { allow_party: [inside], allow_user: [], allow_tag: [] });
  expect(r.status).toBe(200);
  return { inside, outside };
}

describe.skipIf(!target.isMock)('writes', () => {
  it('When an app token writes members or departments, then 48002 and nothing changes', async ({ c }) => {
    const userid = c.corp.raw!.sample_userids![0]!;
    const calls: Array<[OperationId, { body?: Record<string, unknown>; query?: Record<string, string | number> }]> = [
      ['user_create', { body: member('byapp') }],
      ['user_update', { body: { userid, position: 'x' } }],
      ['user_delete', { query: { userid } }],
      ['user_batchdelete', { body: { useridlist: [userid] } }],
      ['department_create', { body: { name: 'ByApp', parentid: 1 } }],
      ['department_update', { body: { id: 2, name: 'Renamed' } }],
      ['department_delete', { query: { id: 2 } }],
      ['corp_get_join_qrcode', {}],
    ];
    for (const [op, args] of calls) {
      // A table of operations: no one request type covers them all, so the entries are not checked.
      const r = await call(target, op, { unchecked: true, token: c.app, ...args });
      expect(r.errcode, op).toBe(code('API_FORBIDDEN'));
    }
    expect((await call(target, 'user_get', { token: c.app, query: { userid } })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'byapp' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'department_get', { token: c.app, query: { id: 2 } })).errcode).toBe(0);
  });

  it('When the customer-contact secret reads or writes contacts, then 48002', async ({ c }) => {
    const cc = await getToken(target.baseUrl, c.corp.corpid, c.corp.raw!.secrets.customer_contact);
    expect((await call(target, 'user_create', { token: cc, body: member('x1') })).errcode).toBe(code('API_FORBIDDEN'));
    expect((await call(target, 'tag_create', { token: cc, body: { tagname: 'cc' } })).errcode).toBe(code('API_FORBIDDEN'));
    expect((await call(target, 'tag_list', { token: cc })).errcode).toBe(code('API_FORBIDDEN'));
    expect((await call(target, 'department_get', { token: cc, query: { id: 1 } })).errcode).toBe(code('API_FORBIDDEN'));
  });
});

describe.skipIf(!target.isMock)('visible range', () => {
  it('When an app reads inside and outside its visible range, then the data or 60011; unknown members 60111', async ({ c }) => {
    const { inside, outside } = await narrowApp(c);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'seen' } })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'unseen' } })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'nobody' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'department_get', { token: c.app, query: { id: inside } })).errcode).toBe(0);
    expect((await call(target, 'department_get', { token: c.app, query: { id: outside } })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await call(target, 'user_simplelist', { token: c.app, query: { department_id: outside } })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await call(target, 'user_list', { token: c.app, query: { department_id: inside } })).json?.['userlist']).toMatchObject([{ userid: 'seen' }]);
    expect((await call(target, 'user_convert_to_openid', { token: c.app, body: { userid: 'unseen' } })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await call(target, 'user_authsucc', { token: c.app, query: { userid: 'unseen' } })).errcode).toBe(code('NO_PRIVILEGE'));
    const tree = (await call(target, 'department_list', { token: c.app })).json?.['department'] as Array<{ id: number }>;
    expect(tree.map((d) => d.id)).toEqual([inside]);
  });

  it('When an app looks up a mobile outside its range, then 46004 as if it did not exist', async ({ c }) => {
    await narrowApp(c);
    expect((await call(target, 'user_getuserid', { token: c.app, body: { mobile: '13900001111' } })).json?.['userid']).toBe('seen');
    expect((await call(target, 'user_getuserid', { token: c.app, body: { mobile: '13900002222' } })).errcode).toBe(code('USER_NOT_EXIST'));
    // The contacts-sync token sees everyone.
    expect((await call(target, 'user_getuserid', { token: c.sync, body: { mobile: '13900002222' } })).json?.['userid']).toBe('unseen');
  });

  it('When an app puts members of its own tag, then those outside its range come back invalid', async ({ c }) => {
    const { inside, outside } = await narrowApp(c);
    const t = (await call(target, 'tag_create', { token: c.app, body: { tagname: 'mine' } })).json?.['tagid'] as number;
    const r = await call(target, 'tag_addtagusers', { token: c.app, body: { tagid: t, userlist: ['seen', 'unseen'], partylist: [inside, outside] } });
    expect(r.errcode).toBe(0);
    expect(r.json).toMatchObject({ invalidlist: 'unseen', invalidparty: [outside] });
    const all = await call(target, 'tag_addtagusers', { token: c.app, body: { tagid: t, userlist: ['unseen'] } });
    expect(all.errcode).toBe(code('ALL_LIST_INVALID'));
  });

  it('When an app reads a tag, then only the members and departments of its range are listed', async ({ c }) => {
    const { inside, outside } = await narrowApp(c);
    const t = (await call(target, 'tag_create', { token: c.sync, body: { tagname: 'mixed' } })).json?.['tagid'] as number;
    await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid: t, userlist: ['seen', 'unseen'], partylist: [inside, outside] } });
    const r = await call(target, 'tag_get', { token: c.app, query: { tagid: t } });
    expect(r.json).toMatchObject({ userlist: [{ userid: 'seen', name: 'N seen' }], partylist: [inside] });
  });
});

describe.skipIf(!target.isMock)('the 2022 rules', () => {
  it('When the contacts-sync token reads details under the 2022 rules, then 48009 for user/get, user/list, user/simplelist and department/list', async ({ c }) => {
    const userid = c.corp.raw!.sample_userids![0]!;
    expect((await call(target, 'user_get', { token: c.sync, query: { userid } })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await call(target, 'user_list', { token: c.sync, query: { department_id: 1 } })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await call(target, 'user_simplelist', { token: c.sync, query: { department_id: 1 } })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await call(target, 'department_list', { token: c.sync })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    // What it may still call: ids, the department tree's ids, one department, tags.
    expect((await call(target, 'user_list_id', { token: c.sync, body: {} })).errcode).toBe(0);
    expect((await call(target, 'department_simplelist', { token: c.sync })).errcode).toBe(0);
    expect((await call(target, 'department_get', { token: c.sync, query: { id: 1 } })).errcode).toBe(0);
    expect((await call(target, 'tag_list', { token: c.sync })).errcode).toBe(0);
  });

  it('When the switch is off, then the contacts-sync token reads details and apps get mobile and email', async () => {
    const c = await contactsCorp(target, { settings: { post2022_rules: false } });
    await call(target, 'user_create', { token: c.sync, body: member('full', { mobile: '13900003333', gender: '2' }) });
    expect((await call(target, 'user_get', { token: c.sync, query: { userid: 'full' } })).json).toMatchObject({ mobile: '13900003333', gender: '2' });
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'full' } })).json).toMatchObject({ mobile: '13900003333', email: 'full@example.test' });
    expect((await call(target, 'department_list', { token: c.sync })).errcode).toBe(0);
  });
});
