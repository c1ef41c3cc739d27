/**
 * Tags: tag/create, update, delete, get, list, addtagusers, deltagusers — doc path/90210, including the
 * partial-success shapes (doc path/90214, 90236) and tag ownership. Mock only (the suites change the directory).
 */
import { describe, expect } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { contactsCorp, contactsIt, member, type ContactsCorp } from './helpers.js';

const target = await suiteTarget();
const it = contactsIt(target);

async function newTag(c: ContactsCorp, tagname: string, token = c.sync): Promise<number> {
  const r = await call(target, 'tag_create', { token, body: { tagname } });
  expect(r.errcode).toBe(0);
  return r.json?.['tagid'] as number;
}

describe.skipIf(!target.isMock)('tag/create, update, delete, list', () => {
  it('When a tag is created without tagid, then it gets the largest tagid + 1 and the answer is created', async ({ c }) => {
    const list = (await call(target, 'tag_list', { token: c.sync })).json?.['taglist'] as Array<{ tagid: number }>;
    const max = Math.max(0, ...list.map((t) => t.tagid));
    const r = await call(target, 'tag_create', { token: c.sync, body: { tagname: 'UI' } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('created');
    expect(r.json?.['tagid']).toBe(max + 1);
    expect((await call(target, 'tag_list', { token: c.sync })).json?.['taglist']).toContainEqual({ tagid: max + 1, tagname: 'UI' });
  });

  it('When a tagid is given, then it is used; a taken one answers 40068', async ({ c }) => {
    expect((await call(target, 'tag_create', { token: c.sync, body: { tagname: 'T100', tagid: 100 } })).json?.['tagid']).toBe(100);
    expect((await call(target, 'tag_create', { token: c.sync, body: { tagname: 'T100b', tagid: 100 } })).errcode).toBe(code('INVALID_TAGID'));
  });

  it('When the name is missing, empty, longer than 32 characters or taken, then 41018, 40072 or 40071', async ({ c }) => {
    expect((await call(target, 'tag_create', { unchecked: true, token: c.sync, body: {} })).errcode).toBe(code('TAG_NAME_MISSING'));
    expect((await call(target, 'tag_create', { token: c.sync, body: { tagname: '' } })).errcode).toBe(code('INVALID_TAG_NAME_LENGTH'));
    expect((await call(target, 'tag_create', { token: c.sync, body: { tagname: '签'.repeat(33) } })).errcode).toBe(code('INVALID_TAG_NAME_LENGTH'));
    await newTag(c, 'same');
    const dup = await call(target, 'tag_create', { token: c.sync, body: { tagname: 'same' } });
    expect(dup.errcode).toBe(code('INVALID_TAG_NAME'));
  });

  it('When a tag is renamed, then updated; a taken name 40071, an unknown tag 40068, no tagid 41017', async ({ c }) => {
    const a = await newTag(c, 'a');
    await newTag(c, 'b');
    const r = await call(target, 'tag_update', { token: c.sync, body: { tagid: a, tagname: 'a2' } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('updated');
    expect((await call(target, 'tag_get', { token: c.sync, query: { tagid: a } })).json?.['tagname']).toBe('a2');
    expect((await call(target, 'tag_update', { token: c.sync, body: { tagid: a, tagname: 'b' } })).errcode).toBe(code('INVALID_TAG_NAME'));
    expect((await call(target, 'tag_update', { token: c.sync, body: { tagid: 999999, tagname: 'x' } })).errcode).toBe(code('INVALID_TAGID'));
    expect((await call(target, 'tag_update', { unchecked: true, token: c.sync, body: { tagname: 'x' } })).errcode).toBe(code('TAGID_MISSING'));
  });

  it('When a tag is deleted, then deleted and tag/get answers 40068', async ({ c }) => {
    const a = await newTag(c, 'gone');
    const r = await call(target, 'tag_delete', { token: c.sync, query: { tagid: a } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('deleted');
    expect((await call(target, 'tag_get', { token: c.sync, query: { tagid: a } })).errcode).toBe(code('INVALID_TAGID'));
    expect((await call(target, 'tag_get', { token: c.sync, query: { tagid: a } })).json).toMatchObject({ userlist: [], partylist: [] });
    expect((await call(target, 'tag_delete', { token: c.sync })).errcode).toBe(code('TAGID_MISSING'));
  });
});

describe.skipIf(!target.isMock)('tag/addtagusers and tag/deltagusers', () => {
  it('When every member and department is valid, then ok and tag/get lists them', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('tm1', { name: '李四' }) });
    const t = await newTag(c, '乒乓球协会');
    const r = await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid: t, userlist: ['TM1'], partylist: [2] } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('ok');
    expect(r.json).not.toHaveProperty('invalidlist');
    expect(r.json).not.toHaveProperty('invalidparty');
    expect((await call(target, 'tag_get', { token: c.sync, query: { tagid: t } })).json).toMatchObject({
      tagname: '乒乓球协会',
      userlist: [{ userid: 'tm1', name: '李四' }],
      partylist: [2],
    });
  });

  it('When some entries are invalid, then errcode 0 with invalidlist "a|b" and invalidparty [ids], and the rest applied', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('ok1') });
    const t = await newTag(c, 'partial');
    const r = await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid: t, userlist: ['ok1', 'ghost1', 'ghost2'], partylist: [2, 999998, 999999] } });
    expect(r.errcode).toBe(0);
    expect(r.json?.['invalidlist']).toBe('ghost1|ghost2');
    expect(r.json?.['invalidparty']).toEqual([999998, 999999]);
    const g = await call(target, 'tag_get', { token: c.sync, query: { tagid: t } });
    expect(g.json?.['userlist']).toEqual([{ userid: 'ok1', name: 'N ok1' }]);
    expect(g.json?.['partylist']).toEqual([2]);

    const d = await call(target, 'tag_deltagusers', { token: c.sync, body: { tagid: t, userlist: ['ok1', 'ghost1'], partylist: [2] } });
    expect(d.errcode).toBe(0);
    expect(d.errmsg).toBe('deleted');
    expect(d.json?.['invalidlist']).toBe('ghost1');
    expect((await call(target, 'tag_get', { token: c.sync, query: { tagid: t } })).json).toMatchObject({ userlist: [], partylist: [] });
  });

  it('When every entry is invalid, or none is given, then 40070 and the tag is unchanged', async ({ c }) => {
    const t = await newTag(c, 'allbad');
    const r = await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid: t, userlist: ['ghost'], partylist: [999999] } });
    expect(r.errcode).toBe(code('ALL_LIST_INVALID'));
    expect(r.errmsg).toMatch(/^all list invalid/);
    expect((await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid: t } })).errcode).toBe(code('ALL_LIST_INVALID'));
    expect((await call(target, 'tag_deltagusers', { token: c.sync, body: { tagid: t, userlist: ['ghost'] } })).errcode).toBe(code('ALL_LIST_INVALID'));
    expect((await call(target, 'tag_get', { token: c.sync, query: { tagid: t } })).json).toMatchObject({ userlist: [], partylist: [] });
  });

  it('When more than 1,000 userids or 100 departments come at once, then 81014', async ({ c }) => {
    const t = await newTag(c, 'big');
    const users = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    expect((await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid: t, userlist: users } })).errcode).toBe(code('TAG_ADD_TOO_MANY_NODES'));
    const parties = Array.from({ length: 101 }, (_, i) => i + 1);
    expect((await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid: t, partylist: parties } })).errcode).toBe(code('TAG_ADD_TOO_MANY_NODES'));
  });

  it('When the tag is unknown or no tagid is given, then 40068 or 41017', async ({ c }) => {
    const userid = c.corp.raw!.sample_userids![0]!;
    expect((await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid: 999999, userlist: [userid] } })).errcode).toBe(code('INVALID_TAGID'));
    expect((await call(target, 'tag_addtagusers', { unchecked: true, token: c.sync, body: { userlist: [userid] } })).errcode).toBe(code('TAGID_MISSING'));
  });
});

/** Renaming the tag, adding a member to it and deleting it with `token` each answer 81011 (not the tag's owner). */
async function expectTagWritesRefused(token: string, tagid: number, userid: string, tagname: string): Promise<void> {
  expect((await call(target, 'tag_update', { token, body: { tagid, tagname } })).errcode).toBe(code('TAG_NO_PRIVILEGE'));
  expect((await call(target, 'tag_addtagusers', { token, body: { tagid, userlist: [userid] } })).errcode).toBe(code('TAG_NO_PRIVILEGE'));
  expect((await call(target, 'tag_delete', { token, query: { tagid } })).errcode).toBe(code('TAG_NO_PRIVILEGE'));
}

describe.skipIf(!target.isMock)('tag ownership', () => {
  it('When an app creates a tag, then only that app may change it: the contacts-sync token gets 81011', async ({ c }) => {
    const t = await newTag(c, 'app-owned', c.app);
    const userid = c.corp.raw!.sample_userids![0]!;
    expect((await call(target, 'tag_addtagusers', { token: c.app, body: { tagid: t, userlist: [userid] } })).errcode).toBe(0);
    expect((await call(target, 'tag_update', { token: c.app, body: { tagid: t, tagname: 'app-owned2' } })).errcode).toBe(0);
    await expectTagWritesRefused(c.sync, t, userid, 'stolen');
    expect((await call(target, 'tag_delete', { token: c.app, query: { tagid: t } })).errcode).toBe(0);
  });

  it('When an app changes a tag made in the console or by contacts sync, then 81011', async ({ c }) => {
    const t = await newTag(c, 'console-owned');
    const userid = c.corp.raw!.sample_userids![0]!;
    await expectTagWritesRefused(c.app, t, userid, 'x');
    // Reading it is fine.
    expect((await call(target, 'tag_get', { token: c.app, query: { tagid: t } })).errcode).toBe(0);
  });

  // tag/get: "无限制，但返回列表仅包含应用可见范围的成员" (developer.work.weixin.qq.com/document/path/90213); tag/list gives a
  // self-built app every tag of the corp (developer.work.weixin.qq.com/document/path/90216). Writes stay the creator's (81011).
  it('When a second self-built app lists or reads the tags the first app created, then it sees them, members limited to its visible range', async ({ c }) => {
    const created = await target.admin<{ agentid: number; secret: string }>('POST', `/__mock/corps/${c.corp.corpid}/apps`, { name: 'Second' });
    expect(created.status).toBe(201);
    const [inside, outside] = c.corp.raw!.sample_userids!;
    const patched = await target.admin('PATCH', `/__mock/corps/${c.corp.corpid}/apps/${created.json.agentid}`, { allow_user: [inside], allow_party: [], allow_tag: [] });
    expect(patched.status).toBe(200);
    const second = await getToken(target.baseUrl, c.corp.corpid, created.json.secret);
    const t = await newTag(c, 'first-app-tag', c.app);
    expect((await call(target, 'tag_addtagusers', { token: c.app, body: { tagid: t, userlist: [inside!, outside!] } })).errcode).toBe(0);
    expect((await call(target, 'tag_list', { token: second })).json?.['taglist']).toContainEqual({ tagid: t, tagname: 'first-app-tag' });
    const got = await call(target, 'tag_get', { token: second, query: { tagid: t } });
    expect(got.errcode).toBe(0);
    expect((got.json?.['userlist'] as Array<{ userid: string }>).map((u) => u.userid)).toEqual([inside]);
    expect((await call(target, 'tag_update', { token: second, body: { tagid: t, tagname: 'taken' } })).errcode).toBe(code('TAG_NO_PRIVILEGE'));
    expect((await call(target, 'tag_list', { token: c.app })).json?.['taglist']).toContainEqual({ tagid: t, tagname: 'first-app-tag' });
  });
});
