/**
 * Members: user/create, get, update, delete, batchdelete — the rules of doc path/90195 and their errcodes.
 * These suites change the directory, so they run against wecom-mock only (never a real corp).
 */
import { describe, expect } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { contactsCorp, contactsIt, member } from './helpers.js';

const target = await suiteTarget();
const it = contactsIt(target);

describe.skipIf(!target.isMock)('user/create', () => {
  it('When the contacts-sync token creates a member, then it answers created and user/get returns the fields', async ({ c }) => {
    const body = member('zhangsan', {
      name: '张三',
      alias: 'jackzhang',
      mobile: '+86 13800000000',
      department: [1, 2],
      order: [10, 40],
      position: '产品经理',
      gender: '1',
      is_leader_in_dept: [1, 0],
      telephone: '020-123456',
      address: '广州市海珠区新港中路',
      main_department: 2,
      extattr: { attrs: [{ type: 0, name: '文本名称', text: { value: '文本' } }] },
      external_position: '高级产品经理',
      to_invite: false,
    });
    const r = await call(target, 'user_create', { token: c.sync, body });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('created');
    // The app reads what was sent, less the fields self-built apps no longer receive since 2022-06-20
    // (doc path/90196); to_invite is an instruction, not a field. Not yet activated: status 4.
    const g = await call(target, 'user_get', { token: c.app, query: { userid: 'zhangsan' } });
    expect(g.errcode).toBe(0);
    const { mobile: _mobile, email: _email, gender: _gender, address: _address, to_invite: _toInvite, ...readable } = body;
    expect(g.json).toMatchObject({ ...readable, status: 4 });
    expect(g.json?.['open_userid']).toEqual(expect.any(String));
  });

  it('When a userid differs from an existing one only in case, then 60102 userid existed', async ({ c }) => {
    expect((await call(target, 'user_create', { token: c.sync, body: member('ZhangSan') })).errcode).toBe(0);
    const r = await call(target, 'user_create', { token: c.sync, body: member('zhangsan', { email: 'other@example.test' }) });
    expect(r.errcode).toBe(code('USERID_EXISTED'));
    expect(r.errmsg).toMatch(/^userid existed/);
  });

  it('When the userid is missing or malformed, then 41009 or 40003', async ({ c }) => {
    const { userid: _drop, ...noId } = member('x');
    expect((await call(target, 'user_create', { token: c.sync, body: noId })).errcode).toBe(code('USERID_MISSING'));
    for (const bad of ['bad id', '_starts_with_underscore', 'x'.repeat(65), '张三']) {
      expect((await call(target, 'user_create', { token: c.sync, body: member(bad, { email: 'ok@example.test' }) })).errcode, bad).toBe(code('INVALID_USERID'));
    }
  });

  it('When the name is missing, empty or longer than 64 characters, then 60112', async ({ c }) => {
    const { name: _drop, ...noName } = member('a1');
    expect((await call(target, 'user_create', { token: c.sync, body: noName })).errcode).toBe(code('INVALID_USER_NAME'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a1', { name: '' }) })).errcode).toBe(code('INVALID_USER_NAME'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a1', { name: '名'.repeat(65) }) })).errcode).toBe(code('INVALID_USER_NAME'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a1', { name: '名'.repeat(64) }) })).errcode).toBe(0);
  });

  // alias: "长度1~64个utf8字符" (developer.work.weixin.qq.com/document/path/90195; older copies of the page said 32).
  it('When alias, position, address or external_position is too long, then 40058 naming the field; a 64-character alias is taken', async ({ c }) => {
    for (const [field, max] of [
      ['alias', 64],
      ['position', 128],
      ['address', 128],
      ['external_position', 12],
    ] as const) {
      const r = await call(target, 'user_create', { token: c.sync, body: member('a2', { [field]: 'x'.repeat(max + 1) }) });
      expect(r.errcode, field).toBe(code('INVALID_PARAMETER'));
      expect(r.errmsg).toContain(field);
    }
    expect((await call(target, 'user_create', { token: c.sync, body: member('a2', { alias: '别'.repeat(64), position: 'p'.repeat(128) }) })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'a2' } })).json!['alias']).toBe('别'.repeat(64));
  });

  it('When gender is not the string "1" or "2", then 40058', async ({ c }) => {
    expect((await call(target, 'user_create', { token: c.sync, body: member('a3', { gender: '3' }) })).errcode).toBe(code('INVALID_PARAMETER'));
    const typed = await call(target, 'user_create', { token: c.sync, body: member('a3', { gender: 1 }) });
    expect(typed.errcode).toBe(code('INVALID_PARAMETER'));
    expect(typed.errmsg).toMatch(/^Warning: wrong json format/);
  });

  it('When the departments are missing, too many, unknown or repeated, then 60127, 60110, 60123 or 40058', async ({ c }) => {
    const { department: _drop, ...noDept } = member('a4');
    expect((await call(target, 'user_create', { token: c.sync, body: noDept })).errcode).toBe(code('USER_DEPARTMENT_MISSING'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a4', { department: [] }) })).errcode).toBe(code('USER_DEPARTMENT_MISSING'));
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    expect((await call(target, 'user_create', { token: c.sync, body: member('a4', { department: many }) })).errcode).toBe(code('TOO_MANY_USER_DEPARTMENTS'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a4', { department: [1, 999999] }) })).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a4', { department: [1, 1] }) })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When order or is_leader_in_dept has another length than department, then 40058 or 60132', async ({ c }) => {
    expect((await call(target, 'user_create', { token: c.sync, body: member('a5', { department: [1, 2], order: [1] }) })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a5', { department: [1, 2], is_leader_in_dept: [1] }) })).errcode).toBe(
      code('LEADER_DEPARTMENT_LENGTH_MISMATCH'),
    );
    expect((await call(target, 'user_create', { token: c.sync, body: member('a5', { department: [1], main_department: 2 }) })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  // direct_leader: "可以设置最多5个上级" (developer.work.weixin.qq.com/document/path/90195); errcode 60257 is
  // "直属上级超过5人" in the official errcode list.
  it('When direct_leader names five members, then it is taken; six → 60257, an unknown one → 60111', async ({ c }) => {
    const five = c.corp.raw!.sample_userids!.slice(0, 5);
    expect(five).toHaveLength(5);
    expect((await call(target, 'user_create', { token: c.sync, body: member('l6') })).errcode).toBe(0);
    expect((await call(target, 'user_create', { token: c.sync, body: member('a6', { direct_leader: [...five, 'l6'] }) })).errcode).toBe(code('TOO_MANY_DIRECT_LEADERS'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a6', { direct_leader: ['nobody'] }) })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a6', { direct_leader: five }) })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'a6' } })).json!['direct_leader']).toEqual(five);
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'a6', direct_leader: [five[0]!, 'l6'] } })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'a6' } })).json!['direct_leader']).toEqual([five[0], 'l6']);
  });

  it('When mobile or email is malformed, then 60103 or 60105; biz_mail 60143', async ({ c }) => {
    expect((await call(target, 'user_create', { token: c.sync, body: member('a7', { mobile: '138-abc' }) })).errcode).toBe(code('INVALID_MOBILE'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a7', { mobile: '1'.repeat(33) }) })).errcode).toBe(code('INVALID_MOBILE'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a7', { email: 'not-an-email' }) })).errcode).toBe(code('INVALID_EMAIL'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a7', { email: 'a@b.c' }) })).errcode).toBe(code('INVALID_EMAIL'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('a7', { biz_mail: 'nope' }) })).errcode).toBe(code('INVALID_BIZ_MAIL'));
  });

  it('When neither mobile nor email is given, then 60129', async ({ c }) => {
    const r = await call(target, 'user_create', { token: c.sync, body: { userid: 'a8', name: 'A8', department: [1] } });
    expect(r.errcode).toBe(code('MOBILE_AND_EMAIL_EMPTY'));
    expect((await call(target, 'user_create', { token: c.sync, body: { userid: 'a8', name: 'A8', department: [1], mobile: '', email: '' } })).errcode).toBe(
      code('MOBILE_AND_EMAIL_EMPTY'),
    );
  });

  it('When the mobile belongs to another member, then 60104 names that member; a taken email gives 60106', async ({ c }) => {
    expect((await call(target, 'user_create', { token: c.sync, body: member('owner1', { mobile: '13900000001', biz_mail: 'o1@corp.test' }) })).errcode).toBe(0);
    const dup = await call(target, 'user_create', { token: c.sync, body: member('other1', { mobile: '13900000001' }) });
    expect(dup.errcode).toBe(code('MOBILE_EXISTED'));
    expect(dup.errmsg).toMatch(/^mobile existed:owner1/);
    const mail = await call(target, 'user_create', { token: c.sync, body: member('other1', { email: 'OWNER1@example.test' }) });
    expect(mail.errcode).toBe(code('EMAIL_EXISTED'));
    expect((await call(target, 'user_create', { token: c.sync, body: member('other1', { biz_mail: 'o1@corp.test' }) })).errcode).toBe(code('BIZ_MAIL_EXISTED'));
  });

  it('When a create fails, then nothing of it is stored', async ({ c }) => {
    const r = await call(target, 'user_create', { token: c.sync, body: member('half', { mobile: '13900000002', department: [1, 999999] }) });
    expect(r.errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'half' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    // The mobile is still free.
    expect((await call(target, 'user_create', { token: c.sync, body: member('whole', { mobile: '13900000002' }) })).errcode).toBe(0);
  });

  it('When enable is 0, then the member is created disabled (status 2)', async ({ c }) => {
    expect((await call(target, 'user_create', { token: c.sync, body: member('off', { enable: 0 }) })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'off' } })).json?.['status']).toBe(2);
    expect((await call(target, 'user_create', { token: c.sync, body: member('bad-enable', { enable: 2 }) })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});

describe.skipIf(!target.isMock)('user/update', () => {
  it('When only some fields are given, then only those change and the answer is updated', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('u1', { position: 'dev', alias: 'a' }) });
    const r = await call(target, 'user_update', { token: c.sync, body: { userid: 'U1', position: 'lead' } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('updated');
    const g = await call(target, 'user_get', { token: c.app, query: { userid: 'u1' } });
    expect(g.json).toMatchObject({ userid: 'u1', position: 'lead', alias: 'a', name: 'N u1' });
  });

  it('When the member does not exist, then 60111; without userid 41009', async ({ c }) => {
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'ghost', name: 'x' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'user_update', { unchecked: true, token: c.sync, body: { name: 'x' } })).errcode).toBe(code('USERID_MISSING'));
  });

  it('When new_userid is given, then the member is renamed and keeps its tags; the old id is gone', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('old1') });
    const tag = await call(target, 'tag_create', { token: c.sync, body: { tagname: 'rename-tag' } });
    const tagid = tag.json?.['tagid'] as number;
    await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid, userlist: ['old1'] } });
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'old1', new_userid: 'new1' } })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'old1' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'new1' } })).json?.['userid']).toBe('new1');
    const t = await call(target, 'tag_get', { token: c.sync, query: { tagid } });
    expect(t.json?.['userlist']).toEqual([{ userid: 'new1', name: 'N old1' }]);
  });

  it('When new_userid is taken (in any case) or malformed, then 60102 or 40003', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('r1') });
    await call(target, 'user_create', { token: c.sync, body: member('r2') });
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'r1', new_userid: 'R2' } })).errcode).toBe(code('USERID_EXISTED'));
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'r1', new_userid: 'bad id' } })).errcode).toBe(code('INVALID_USERID'));
    // A change of case of one's own id is allowed.
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'r1', new_userid: 'R1' } })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'r1' } })).json?.['userid']).toBe('R1');
  });

  it('When an activated member gets a new mobile, then the call succeeds and the mobile is kept', async () => {
    const c = await contactsCorp(target, { settings: { post2022_rules: false } });
    const userid = c.corp.raw!.sample_userids![0]!; // sample members are active (status 1)
    const before = await call(target, 'user_get', { token: c.app, query: { userid } });
    expect(before.json?.['status']).toBe(1);
    const r = await call(target, 'user_update', { token: c.sync, body: { userid, mobile: '13911112222', position: 'moved' } });
    expect(r.errcode).toBe(0);
    const after = await call(target, 'user_get', { token: c.app, query: { userid } });
    expect(after.json?.['mobile']).toBe(before.json?.['mobile']);
    expect(after.json?.['position']).toBe('moved');
  });

  it('When a member who has not activated gets a new mobile, then it changes', async () => {
    const c = await contactsCorp(target, { settings: { post2022_rules: false } });
    await call(target, 'user_create', { token: c.sync, body: member('fresh', { mobile: '13900000010' }) });
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'fresh', mobile: '13900000011' } })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'fresh' } })).json?.['mobile']).toBe('13900000011');
  });

  it('When the update would take another member\'s mobile or email, then 60104 or 60106 and nothing changes', async () => {
    const c = await contactsCorp(target, { settings: { post2022_rules: false } });
    await call(target, 'user_create', { token: c.sync, body: member('m1', { mobile: '13900000020' }) });
    await call(target, 'user_create', { token: c.sync, body: member('m2', { mobile: '13900000021' }) });
    const r = await call(target, 'user_update', { token: c.sync, body: { userid: 'm2', mobile: '13900000020', position: 'x' } });
    expect(r.errcode).toBe(code('MOBILE_EXISTED'));
    expect(r.errmsg).toMatch(/^mobile existed:m1/);
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'm2', email: 'm1@example.test' } })).errcode).toBe(code('EMAIL_EXISTED'));
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'm2' } })).json).toMatchObject({ mobile: '13900000021', position: '' });
  });

  it('When both mobile and email would become empty, then 60129', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('e1') });
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'e1', email: '' } })).errcode).toBe(code('MOBILE_AND_EMAIL_EMPTY'));
  });

  it('When departments change without order or leader flags, then kept departments keep theirs and is_leader_in_dept must match', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('d1', { department: [1, 2], order: [5, 7], is_leader_in_dept: [0, 1] }) });
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'd1', department: [2, 3] } })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'd1' } })).json).toMatchObject({ department: [2, 3], order: [7, 0], is_leader_in_dept: [1, 0], main_department: 2 });
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'd1', is_leader_in_dept: [1] } })).errcode).toBe(code('LEADER_DEPARTMENT_LENGTH_MISMATCH'));
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'd1', department: [999999] } })).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
  });

  it('When enable goes 0 then 1, then the member is disabled then back to not activated', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('t1') });
    await call(target, 'user_update', { token: c.sync, body: { userid: 't1', enable: 0 } });
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 't1' } })).json?.['status']).toBe(2);
    await call(target, 'user_update', { token: c.sync, body: { userid: 't1', enable: 1 } });
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 't1' } })).json?.['status']).toBe(4);
  });
});

describe.skipIf(!target.isMock)('user/delete and user/batchdelete', () => {
  it('When a member is deleted, then deleted and user/get answers 60111', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('gone') });
    const r = await call(target, 'user_delete', { token: c.sync, query: { userid: 'GONE' } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('deleted');
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'gone' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'user_delete', { token: c.sync, query: { userid: 'gone' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'user_delete', { token: c.sync })).errcode).toBe(code('USERID_MISSING'));
  });

  it('When a deleted member led others or was in a tag, then the references go with it', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('boss', { department: [2], is_leader_in_dept: [1] }) });
    await call(target, 'user_create', { token: c.sync, body: member('worker', { direct_leader: ['boss'] }) });
    const tagid = (await call(target, 'tag_create', { token: c.sync, body: { tagname: 'bosses' } })).json?.['tagid'] as number;
    await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid, userlist: ['boss', 'worker'] } });
    expect((await call(target, 'department_get', { token: c.app, query: { id: 2 } })).json?.['department']).toMatchObject({ department_leader: expect.arrayContaining(['boss']) });
    await call(target, 'user_delete', { token: c.sync, query: { userid: 'boss' } });
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'worker' } })).json?.['direct_leader']).toEqual([]);
    expect((await call(target, 'tag_get', { token: c.sync, query: { tagid } })).json?.['userlist']).toEqual([{ userid: 'worker', name: 'N worker' }]);
    expect((await call(target, 'department_get', { token: c.app, query: { id: 2 } })).json?.['department']).not.toMatchObject({
      department_leader: expect.arrayContaining(['boss']),
    });
  });

  it('When batchdelete lists known members, then all are deleted', async ({ c }) => {
    for (const u of ['b1', 'b2', 'b3']) await call(target, 'user_create', { token: c.sync, body: member(u) });
    const r = await call(target, 'user_batchdelete', { token: c.sync, body: { useridlist: ['b1', 'B2', 'b3'] } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('deleted');
    for (const u of ['b1', 'b2', 'b3']) expect((await call(target, 'user_get', { token: c.app, query: { userid: u } })).errcode).toBe(code('USERID_NOT_FOUND'));
  });

  it('When one userid of a batchdelete is unknown, then the whole call fails and nobody is deleted', async ({ c }) => {
    for (const u of ['k1', 'k2']) await call(target, 'user_create', { token: c.sync, body: member(u) });
    const r = await call(target, 'user_batchdelete', { token: c.sync, body: { useridlist: ['k1', 'nobody', 'k2'] } });
    expect(r.errcode).toBe(code('USERID_NOT_FOUND'));
    for (const u of ['k1', 'k2']) expect((await call(target, 'user_get', { token: c.app, query: { userid: u } })).errcode).toBe(0);
  });

  it('When the list is empty, missing or longer than 200, then 40031 or 40032', async ({ c }) => {
    expect((await call(target, 'user_batchdelete', { token: c.sync, body: { useridlist: [] } })).errcode).toBe(code('INVALID_USERID_LIST'));
    expect((await call(target, 'user_batchdelete', { unchecked: true, token: c.sync, body: {} })).errcode).toBe(code('INVALID_USERID_LIST'));
    const long = Array.from({ length: 201 }, (_, i) => `u${i}`);
    expect((await call(target, 'user_batchdelete', { token: c.sync, body: { useridlist: long } })).errcode).toBe(code('INVALID_USERID_LIST_LENGTH'));
  });
});
