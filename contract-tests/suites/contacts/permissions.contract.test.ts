/**
 * Who may do what in contacts (reference §3 "Who may write", §11.11): writes need the contacts-sync secret,
 * apps read inside their visible range, the 2022 rules restrict the contacts-sync secret's reads.
 * Mock only: the cases change the directory and the app's visible range through the control plane.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../harness/target.js';
import { code, getToken } from '../../harness/client.js';
import { contactsCorp, member, type ContactsCorp } from './helpers.js';

const target = await openTarget();
afterAll(() => target.close());

/** Narrows the first app's visible range to one new department with one member inside and one outside. */
async function narrowApp(c: ContactsCorp): Promise<{ inside: number; outside: number }> {
  const inside = (await c.post('department/create', c.sync, { name: 'Visible', parentid: 1 })).json?.['id'] as number;
  const outside = (await c.post('department/create', c.sync, { name: 'Hidden', parentid: 1 })).json?.['id'] as number;
  await c.post('user/create', c.sync, member('seen', { department: [inside], mobile: '13900001111' }));
  await c.post('user/create', c.sync, member('unseen', { department: [outside], mobile: '13900002222' }));
  const r = await target.admin('PATCH', `/__mock/corps/${c.corp.corpid}/apps/${c.corp.agentid}`, { allow_party: [inside], allow_user: [], allow_tag: [] });
  expect(r.status).toBe(200);
  return { inside, outside };
}

describe.skipIf(!target.isMock)('writes', () => {
  it('When an app token writes members or departments, then 48002 and nothing changes', async () => {
    const c = await contactsCorp(target);
    const userid = c.corp.raw!.sample_userids![0]!;
    const calls: Array<[string, 'get' | 'post', Record<string, unknown>]> = [
      ['user/create', 'post', member('byapp')],
      ['user/update', 'post', { userid, position: 'x' }],
      ['user/delete', 'get', { userid }],
      ['user/batchdelete', 'post', { useridlist: [userid] }],
      ['department/create', 'post', { name: 'ByApp', parentid: 1 }],
      ['department/update', 'post', { id: 2, name: 'Renamed' }],
      ['department/delete', 'get', { id: 2 }],
      ['corp/get_join_qrcode', 'get', {}],
    ];
    for (const [path, method, args] of calls) {
      const r = method === 'post' ? await c.post(path, c.app, args) : await c.get(path, c.app, args as Record<string, string>);
      expect(r.errcode, path).toBe(code('API_FORBIDDEN'));
    }
    expect((await c.get('user/get', c.app, { userid })).errcode).toBe(0);
    expect((await c.get('user/get', c.app, { userid: 'byapp' })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await c.get('department/get', c.app, { id: 2 })).errcode).toBe(0);
  });

  it('When the customer-contact secret reads or writes contacts, then 48002', async () => {
    const c = await contactsCorp(target);
    const cc = await getToken(target.baseUrl, c.corp.corpid, c.corp.raw!.secrets.customer_contact);
    expect((await c.post('user/create', cc, member('x1'))).errcode).toBe(code('API_FORBIDDEN'));
    expect((await c.post('tag/create', cc, { tagname: 'cc' })).errcode).toBe(code('API_FORBIDDEN'));
    expect((await c.get('tag/list', cc)).errcode).toBe(code('API_FORBIDDEN'));
    expect((await c.get('department/get', cc, { id: 1 })).errcode).toBe(code('API_FORBIDDEN'));
  });
});

describe.skipIf(!target.isMock)('visible range', () => {
  it('When an app reads inside and outside its visible range, then the data or 60011; unknown members 60111', async () => {
    const c = await contactsCorp(target);
    const { inside, outside } = await narrowApp(c);
    expect((await c.get('user/get', c.app, { userid: 'seen' })).errcode).toBe(0);
    expect((await c.get('user/get', c.app, { userid: 'unseen' })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await c.get('user/get', c.app, { userid: 'nobody' })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await c.get('department/get', c.app, { id: inside })).errcode).toBe(0);
    expect((await c.get('department/get', c.app, { id: outside })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await c.get('user/simplelist', c.app, { department_id: outside })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await c.get('user/list', c.app, { department_id: inside })).json?.['userlist']).toMatchObject([{ userid: 'seen' }]);
    expect((await c.post('user/convert_to_openid', c.app, { userid: 'unseen' })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await c.get('user/authsucc', c.app, { userid: 'unseen' })).errcode).toBe(code('NO_PRIVILEGE'));
    const tree = (await c.get('department/list', c.app)).json?.['department'] as Array<{ id: number }>;
    expect(tree.map((d) => d.id)).toEqual([inside]);
  });

  it('When an app looks up a mobile outside its range, then 46004 as if it did not exist', async () => {
    const c = await contactsCorp(target);
    await narrowApp(c);
    expect((await c.post('user/getuserid', c.app, { mobile: '13900001111' })).json?.['userid']).toBe('seen');
    expect((await c.post('user/getuserid', c.app, { mobile: '13900002222' })).errcode).toBe(code('USER_NOT_EXIST'));
    // The contacts-sync token sees everyone.
    expect((await c.post('user/getuserid', c.sync, { mobile: '13900002222' })).json?.['userid']).toBe('unseen');
  });

  it('When an app puts members of its own tag, then those outside its range come back invalid', async () => {
    const c = await contactsCorp(target);
    const { inside, outside } = await narrowApp(c);
    const t = (await c.post('tag/create', c.app, { tagname: 'mine' })).json?.['tagid'] as number;
    const r = await c.post('tag/addtagusers', c.app, { tagid: t, userlist: ['seen', 'unseen'], partylist: [inside, outside] });
    expect(r.errcode).toBe(0);
    expect(r.json).toMatchObject({ invalidlist: 'unseen', invalidparty: [outside] });
    const all = await c.post('tag/addtagusers', c.app, { tagid: t, userlist: ['unseen'] });
    expect(all.errcode).toBe(code('ALL_LIST_INVALID'));
  });

  it('When an app reads a tag, then only the members and departments of its range are listed', async () => {
    const c = await contactsCorp(target);
    const { inside, outside } = await narrowApp(c);
    const t = (await c.post('tag/create', c.sync, { tagname: 'mixed' })).json?.['tagid'] as number;
    await c.post('tag/addtagusers', c.sync, { tagid: t, userlist: ['seen', 'unseen'], partylist: [inside, outside] });
    const r = await c.get('tag/get', c.app, { tagid: t });
    expect(r.json).toMatchObject({ userlist: [{ userid: 'seen', name: 'N seen' }], partylist: [inside] });
  });
});

describe.skipIf(!target.isMock)('the 2022 rules', () => {
  it('When the contacts-sync token reads details under the 2022 rules, then 48009 for user/get, user/list, user/simplelist and department/list', async () => {
    const c = await contactsCorp(target);
    const userid = c.corp.raw!.sample_userids![0]!;
    expect((await c.get('user/get', c.sync, { userid })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await c.get('user/list', c.sync, { department_id: 1 })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await c.get('user/simplelist', c.sync, { department_id: 1 })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await c.get('department/list', c.sync)).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    // What it may still call: ids, the department tree's ids, one department, tags.
    expect((await c.post('user/list_id', c.sync, {})).errcode).toBe(0);
    expect((await c.get('department/simplelist', c.sync)).errcode).toBe(0);
    expect((await c.get('department/get', c.sync, { id: 1 })).errcode).toBe(0);
    expect((await c.get('tag/list', c.sync)).errcode).toBe(0);
  });

  it('When the switch is off, then the contacts-sync token reads details and apps get mobile and email', async () => {
    const c = await contactsCorp(target, { settings: { post2022_rules: false } });
    await c.post('user/create', c.sync, member('full', { mobile: '13900003333', gender: '2' }));
    expect((await c.get('user/get', c.sync, { userid: 'full' })).json).toMatchObject({ mobile: '13900003333', gender: '2' });
    expect((await c.get('user/get', c.app, { userid: 'full' })).json).toMatchObject({ mobile: '13900003333', email: 'full@example.test' });
    expect((await c.get('department/list', c.sync)).errcode).toBe(0);
  });
});
