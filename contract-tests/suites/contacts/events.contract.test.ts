/**
 * change_contact events (doc path/90240): every directory change emits one, with WeCom's XML element
 * names, and each matches its JSON Schema in spec/webhooks/contacts. Read through the control plane's
 * event stream (GET /__mock/events), so mock only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { contactsCorp, contactsIt, lastSeq, member } from './helpers.js';

const target = await suiteTarget();
const it = contactsIt(target);

type ValidateFn = ((data: unknown) => boolean) & { errors?: unknown };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as new (o: object) => {
  addSchema(schema: object, key: string): unknown;
  compile(schema: object): ValidateFn;
};
const spec = JSON.parse(readFileSync(new URL('../../../spec/generated/openapi.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema(spec, 'spec');
const schemaOf: Record<string, string> = {
  create_user: 'ChangeContactCreateUser',
  update_user: 'ChangeContactUpdateUser',
  delete_user: 'ChangeContactDeleteUser',
  create_party: 'ChangeContactCreateParty',
  update_party: 'ChangeContactUpdateParty',
  delete_party: 'ChangeContactDeleteParty',
  update_tag: 'ChangeContactUpdateTag',
};

/** Asserts the event matches the webhook schema of its ChangeType. */
function expectSchema(e: Record<string, unknown>): void {
  const name = schemaOf[String(e['ChangeType'])];
  expect(name, `ChangeType ${String(e['ChangeType'])}`).toBeDefined();
  const v = ajv.compile({ $ref: `spec#/components/schemas/${name}` });
  expect(v(e), JSON.stringify(v.errors)).toBe(true);
}

describe.skipIf(!target.isMock)('change_contact events', () => {
  it('When a member is created, updated, renamed and deleted, then create_user, update_user (changed fields only, NewUserID) and delete_user', async ({ c }) => {
    const since = await lastSeq(c);
    await call(target, 'user_create', { token: c.sync, body: member('zhangsan', {
        name: '张三',
        department: [1, 2],
        is_leader_in_dept: [1, 0],
        mobile: '15913215421',
        position: '产品经理',
        gender: '1',
        telephone: '020-3456788',
        extattr: { attrs: [{ type: 0, name: '爱好', text: { value: '旅游' } }, { type: 1, name: '主页', web: { url: 'https://a.test', title: 'A' } }] },
      }) });
    await call(target, 'user_update', { token: c.sync, body: { userid: 'zhangsan', position: '经理', name: '张三' } });
    await call(target, 'user_update', { token: c.sync, body: { userid: 'zhangsan', new_userid: 'zhangsan001' } });
    await call(target, 'user_delete', { token: c.sync, query: { userid: 'zhangsan001' } });
    const events = (await c.events(since)).map((e) => e.event);
    expect(events).toHaveLength(4);
    events.forEach(expectSchema);
    expect(events[0]).toEqual({
      Event: 'change_contact',
      ChangeType: 'create_user',
      UserID: 'zhangsan',
      Name: '张三',
      Department: '1,2',
      MainDepartment: 1,
      IsLeaderInDept: '1,0',
      Mobile: '15913215421',
      Position: '产品经理',
      Gender: 1,
      Email: 'zhangsan@example.test',
      Status: 4,
      Telephone: '020-3456788',
      ExtAttr: {
        Item: [
          { Name: '爱好', Type: 0, Text: { Value: '旅游' } },
          { Name: '主页', Type: 1, Web: { Title: 'A', Url: 'https://a.test' } },
        ],
      },
    });
    expect(events[1]).toEqual({ Event: 'change_contact', ChangeType: 'update_user', UserID: 'zhangsan', Position: '经理' });
    expect(events[2]).toEqual({ Event: 'change_contact', ChangeType: 'update_user', UserID: 'zhangsan', NewUserID: 'zhangsan001' });
    expect(events[3]).toEqual({ Event: 'change_contact', ChangeType: 'delete_user', UserID: 'zhangsan001' });
  });

  it('When a batchdelete removes two members, then one delete_user each', async ({ c }) => {
    for (const u of ['b1', 'b2']) await call(target, 'user_create', { token: c.sync, body: member(u) });
    const since = await lastSeq(c);
    await call(target, 'user_batchdelete', { token: c.sync, body: { useridlist: ['b1', 'b2'] } });
    expect((await c.events(since)).map((e) => e.event)).toEqual([
      { Event: 'change_contact', ChangeType: 'delete_user', UserID: 'b1' },
      { Event: 'change_contact', ChangeType: 'delete_user', UserID: 'b2' },
    ]);
  });

  it('When departments are created, renamed, moved, reordered and deleted, then create_party, update_party with only what changed, delete_party', async ({ c }) => {
    const since = await lastSeq(c);
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'A', parentid: 1, order: 3 } })).json?.['id'] as number;
    const b = (await call(target, 'department_create', { token: c.sync, body: { name: 'B', parentid: 1 } })).json?.['id'] as number;
    await call(target, 'department_update', { token: c.sync, body: { id: b, name: 'B2' } });
    await call(target, 'department_update', { token: c.sync, body: { id: b, parentid: a } });
    await call(target, 'department_update', { token: c.sync, body: { id: b, order: 7 } });
    await call(target, 'department_delete', { token: c.sync, query: { id: b } });
    const events = (await c.events(since)).map((e) => e.event);
    events.forEach(expectSchema);
    expect(events).toEqual([
      { Event: 'change_contact', ChangeType: 'create_party', Id: a, Name: 'A', ParentId: 1, Order: 3 },
      { Event: 'change_contact', ChangeType: 'create_party', Id: b, Name: 'B', ParentId: 1, Order: 0 },
      { Event: 'change_contact', ChangeType: 'update_party', Id: b, Name: 'B2' },
      { Event: 'change_contact', ChangeType: 'update_party', Id: b, ParentId: a },
      { Event: 'change_contact', ChangeType: 'delete_party', Id: b },
    ]);
  });

  it('When tag members change, then update_tag lists only what joined or left', async ({ c }) => {
    for (const u of ['t1', 't2']) await call(target, 'user_create', { token: c.sync, body: member(u) });
    const tagid = (await call(target, 'tag_create', { token: c.sync, body: { tagname: 'evt' } })).json?.['tagid'] as number;
    const since = await lastSeq(c);
    await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid, userlist: ['t1', 'T2', 'ghost'], partylist: [2, 3] } });
    await call(target, 'tag_addtagusers', { token: c.sync, body: { tagid, userlist: ['t1'] } }); // no change, no event
    await call(target, 'tag_deltagusers', { token: c.sync, body: { tagid, userlist: ['t2'], partylist: [3] } });
    const events = (await c.events(since)).map((e) => e.event);
    events.forEach(expectSchema);
    expect(events).toEqual([
      { Event: 'change_contact', ChangeType: 'update_tag', TagId: tagid, AddUserItems: 't1,t2', AddPartyItems: '2,3' },
      { Event: 'change_contact', ChangeType: 'update_tag', TagId: tagid, DelUserItems: 't2', DelPartyItems: '3' },
    ]);
  });

  it('When a write fails, then no event is emitted', async ({ c }) => {
    const since = await lastSeq(c);
    expect((await call(target, 'user_create', { token: c.sync, body: member('bad', { department: [999999] }) })).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect((await call(target, 'user_batchdelete', { token: c.sync, body: { useridlist: [c.corp.raw!.sample_userids![0]!, 'ghost'] } })).errcode).toBe(
      code('USERID_NOT_FOUND'),
    );
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'x', parentid: 999999 } })).errcode).toBe(code('PARENT_DEPARTMENT_NOT_FOUND'));
    expect(await c.events(since)).toEqual([]);
  });

  it('When a member who never joined is confirmed, then update_user carries Status 1', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('late') });
    const since = await lastSeq(c);
    await call(target, 'user_authsucc', { token: c.sync, query: { userid: 'late' } });
    expect((await c.events(since)).map((e) => e.event)).toEqual([{ Event: 'change_contact', ChangeType: 'update_user', UserID: 'late', Status: 1 }]);
  });
});
