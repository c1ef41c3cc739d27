/**
 * The control-plane routes the web console reads and writes through: the directory listing, an
 * administrator's member edit (user/update's write path and event), customers and groups, archive records,
 * a callback replay, the errcode catalogue, and the journal's errcode filter and redacted answers.
 */
import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, getToken } from '../../harness/client.js';
import { appReceiver } from '../callbacks/helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;
const memberOf = (corp: TestCorp): string => (corp.raw?.sample_userids as string[])[0]!;

interface Directory {
  departments: { id: number; name: string; parentid: number }[];
  tags: { tagid: number; users: number }[];
  members: { userid: string; department: number[]; position?: string }[];
  total: number;
}

describe.skipIf(!target.isMock)('control plane for the console', () => {
  it('When the directory is read, then it holds every department and tag, and the members of the department asked for', async () => {
    const corp = await target.newCorp();
    const all = await target.admin<Directory>('GET', `/__mock/corps/${corp.corpid}/directory?department=0`);
    expect(all.status).toBe(200);
    const counts = corp.raw!.counts as { departments: number; users: number; tags: number };
    expect(all.json.departments).toHaveLength(counts.departments);
    expect(all.json.tags).toHaveLength(counts.tags);
    expect(all.json.total).toBe(counts.users);
    const sub = all.json.departments.find((d) => d.parentid === 1)!;
    const one = await target.admin<Directory>('GET', `/__mock/corps/${corp.corpid}/directory?department=${sub.id}&limit=2`);
    expect(one.json.members.length).toBeLessThanOrEqual(2);
    for (const m of one.json.members) expect(m.department).toContain(sub.id);
    expect(one.json.total).toBe(all.json.members.filter((m) => m.department.includes(sub.id)).length);
    expect((await target.admin('GET', `/__mock/corps/${corp.corpid}/directory?department=987654`)).status).toBe(404);
  });

  it('When an administrator edits a member, then the API reads the change and the corp gets the update_user event', async () => {
    const corp = await target.newCorp();
    const rx = await appReceiver(target, corp);
    try {
      const userid = memberOf(corp);
      const r = await target.admin<{ member: { position: string }; seq: number; event: Record<string, unknown> }>('PATCH', `/__mock/corps/${corp.corpid}/members/${userid}`, {
        position: '首席测试官',
      });
      expect(r.status).toBe(200);
      expect(r.json.member.position).toBe('首席测试官');
      expect(r.json.event).toMatchObject({ Event: 'change_contact', ChangeType: 'update_user', UserID: userid, Position: '首席测试官' });
      const token = await getToken(base, corp.corpid, corp.appSecret);
      expect((await call(base, 'user_get', { token, query: { userid } })).json!.position).toBe('首席测试官');
      // Delivered like the API's own edit: the app's receiver hears of it.
      await expect.poll(() => rx.receiver.plaintexts().length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(rx.receiver.plaintexts().some((p) => p.includes('update_user') && p.includes('首席测试官'))).toBe(true);
      // The API's rules apply: a name over 64 characters is refused with user/update's errcode.
      const bad = await target.admin<{ error: { errcode?: number } }>('PATCH', `/__mock/corps/${corp.corpid}/members/${userid}`, { name: 'x'.repeat(65) });
      expect(bad.status).toBe(400);
      expect(bad.json.error.errcode).toBeGreaterThan(40000);
      expect((await target.admin('PATCH', `/__mock/corps/${corp.corpid}/members/nobody-here`, { position: 'x' })).status).toBe(404);
    } finally {
      await rx.receiver.close();
    }
  });

  it('When a customer adds a member, then the customers listing has them with the external_userid the corp\u2019s apps see', async () => {
    const corp = await target.newCorp();
    const userid = memberOf(corp);
    const before = await target.admin<{ total_customers: number }>('GET', `/__mock/corps/${corp.corpid}/customers`);
    const add = await target.admin<{ external_userid: string }>('POST', '/__mock/simulate/customer-adds', { corpid: corp.corpid, userid, name: '列表客户' });
    expect(add.status).toBe(201);
    const after = await target.admin<{ customers: { name: string; external_userid: string; follow_users: { userid: string }[] }[]; total_customers: number }>(
      'GET',
      `/__mock/corps/${corp.corpid}/customers?limit=10000`,
    );
    expect(after.json.total_customers).toBe(before.json.total_customers + 1);
    const listed = after.json.customers.find((c) => c.name === '列表客户')!;
    expect(listed.follow_users.map((f) => f.userid)).toContain(userid);
    expect(listed.external_userid).toBe(add.json.external_userid);
  });

  it('When archive records are read, then they are the decrypted messages after the seq asked for', async () => {
    const corp = await target.newCorp();
    const gen = await target.admin<{ first_seq: number; last_seq: number }>('POST', '/__mock/archive/generate', { corpid: corp.corpid, count: 5, notify: false });
    const r = await target.admin<{ records: { seq: number; message: { msgid: string; msgtype?: string } }[]; total: number }>(
      'GET',
      `/__mock/corps/${corp.corpid}/archive/records?since=${gen.json.first_seq}&limit=3`,
    );
    expect(r.json.records.map((x) => x.seq)).toEqual([gen.json.first_seq + 1, gen.json.first_seq + 2, gen.json.first_seq + 3]);
    for (const x of r.json.records) expect(x.message.msgid).toMatch(/\S/);
  });

  it('When a callback is replayed, then the receiver gets the same plaintext again as a new outbox entry', async () => {
    const corp = await target.newCorp();
    const rx = await appReceiver(target, corp);
    try {
      await target.admin('PATCH', `/__mock/corps/${corp.corpid}/members/${memberOf(corp)}`, { position: '重放' });
      await expect.poll(() => rx.receiver.plaintexts().length, { timeout: 10_000 }).toBe(1);
      const list = await target.admin<{ entries: { id: string; plaintext: string }[] }>('GET', `/__mock/callbacks?corpid=${corp.corpid}`);
      const first = list.json.entries[0]!;
      const replay = await target.admin<{ id: string; plaintext: string; state: string }>('POST', '/__mock/callbacks/replay', { corpid: corp.corpid, id: first.id });
      expect(replay.status).toBe(201);
      expect(replay.json.id).not.toBe(first.id);
      expect(replay.json.plaintext).toBe(first.plaintext);
      await expect.poll(() => rx.receiver.plaintexts().length, { timeout: 10_000 }).toBe(2);
      expect(rx.receiver.plaintexts()[1]).toBe(first.plaintext);
      expect((await target.admin('POST', '/__mock/callbacks/replay', { corpid: corp.corpid, id: 'cb_nope' })).status).toBe(404);
    } finally {
      await rx.receiver.close();
    }
  });

  it('When the errcode catalogue is searched, then only matching codes come back, each with its doc link', async () => {
    const all = await target.admin<{ errcodes: { errcode: number }[] }>('GET', '/__mock/errcodes');
    expect(all.json.errcodes.length).toBeGreaterThan(1000);
    const hit = await target.admin<{ errcodes: { errcode: number; name: string; doc: string }[] }>('GET', '/__mock/errcodes?q=60111');
    expect(hit.json.errcodes.map((e) => e.errcode)).toContain(60111);
    expect(hit.json.errcodes.find((e) => e.errcode === 60111)).toMatchObject({ name: 'USERID_NOT_FOUND', doc: expect.stringContaining('e=60111') });
    expect((await target.admin<{ errcodes: unknown[] }>('GET', '/__mock/errcodes?q=no-such-thing-anywhere')).json.errcodes).toEqual([]);
  });

  it('When the journal is filtered by errcode, then only those requests come back, each with its answer and the token redacted', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    await call(base, 'user_get', { token, query: { userid: 'nobody_here' } });
    await call(base, 'user_get', { token, query: { userid: memberOf(corp) } });
    const failed = await target.admin<{ entries: { operation: string; errcode: number; answer: { errcode: number; errmsg: string } }[] }>(
      'GET',
      `/__mock/journal?corpid=${corp.corpid}&errcode=60111&answers=true`,
    );
    expect(failed.json.entries).toHaveLength(1);
    expect(failed.json.entries[0]).toMatchObject({ operation: 'user_get', errcode: 60111, answer: { errcode: 60111 } });
    expect(failed.json.entries[0]!.answer.errmsg).toMatch(/^userid not found/);
    const ok = await target.admin<{ entries: { operation: string; answer: Record<string, unknown> }[] }>('GET', `/__mock/journal?corpid=${corp.corpid}&errcode=0&answers=true`);
    // Without answers=true the entries carry none.
    const plain = await target.admin<{ entries: Record<string, unknown>[] }>('GET', `/__mock/journal?corpid=${corp.corpid}`);
    expect(plain.json.entries.every((e) => !('answer' in e))).toBe(true);
    const issued = ok.json.entries.find((e) => e.operation === 'gettoken')!;
    // The token gettoken issued shows as its first 4 characters only.
    expect(issued.answer['access_token']).toBe(`${token.slice(0, 4)}***`);
    expect(JSON.stringify(ok.json)).not.toContain(token);
    expect(ok.json.entries.find((e) => e.operation === 'user_get')!.answer['userid']).toBe(memberOf(corp));
    expect((await target.admin('GET', `/__mock/journal?corpid=${corp.corpid}&errcode=abc`)).status).toBe(400);
  });
});
