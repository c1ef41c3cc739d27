import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { allUserids } from '../contacts/helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;
const AESKEY = 'IJUiXNpvGbODwKEBSEsAeOAPAhkqHqNCF6g19t9wfg2';

/** The test's own decryption, from WeCom's documented rule: AES-256-CBC, key = base64(aeskey+"="), IV = key[0..16], PKCS#7/32. */
function decrypt(cipher: Buffer, encodingAesKey = AESKEY): unknown {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  expect(key.length).toBe(32);
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(cipher), d.final()]);
  const pad = plain[plain.length - 1]!;
  expect(pad >= 1 && pad <= 32).toBe(true);
  expect(plain.subarray(plain.length - pad).every((b) => b === pad)).toBe(true);
  return JSON.parse(plain.subarray(0, plain.length - pad).toString('utf8'));
}

async function contactsToken(corp: TestCorp): Promise<string> {
  return getToken(base, corp.corpid, corp.raw!.secrets.contacts);
}

async function advance(corp: TestCorp, seconds: number): Promise<void> {
  const r = await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: seconds });
  expect(r.status).toBe(200);
}

/** Starts an export and runs the mock clock until it is done; answers the get_result body. */
type ExportOp = 'export_simple_user' | 'export_user' | 'export_department' | 'export_taguser';

async function exportDone(corp: TestCorp, token: string, op: ExportOp, body: { block_size?: number; tagid?: number }): Promise<Record<string, unknown>> {
  const r = await call(base, op, { token, body: { encoding_aeskey: AESKEY, ...body } });
  expect(r.errcode, r.text).toBe(0);
  const jobid = r.json?.['jobid'] as string;
  await advance(corp, 5);
  const res = await call(base, 'export_get_result', { token, query: { jobid } });
  expect(res.errcode, res.text).toBe(0);
  expect(res.json?.['status']).toBe(2);
  return res.json!;
}

async function download(url: string, headers: Record<string, string> = {}): Promise<{ status: number; data: Buffer; headers: Headers }> {
  const r = await fetch(url, { headers });
  return { status: r.status, data: Buffer.from(await r.arrayBuffer()), headers: r.headers };
}

describe.skipIf(!target.isMock)('export', () => {
  it('When members are exported with the contacts-sync secret, then the job advances 0/1 → 2 with the mock clock and the block decrypts to every member', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const r = await call(base, 'export_simple_user', { token, body: { encoding_aeskey: AESKEY, block_size: 10000 } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('ok');
    const jobid = r.json?.['jobid'] as string;
    expect(jobid).toMatch(/^jobid_/);
    expect(Buffer.byteLength(jobid)).toBeLessThanOrEqual(64);

    const first = await call(base, 'export_get_result', { token, query: { jobid } });
    expect(first.errcode).toBe(0);
    expect([0, 1]).toContain(first.json?.['status']);
    await advance(corp, 1);
    const running = await call(base, 'export_get_result', { token, query: { jobid } });
    expect(running.json?.['status']).toBeGreaterThanOrEqual(1);
    await advance(corp, 2);
    const done = await call(base, 'export_get_result', { token, query: { jobid } });
    expect(done.json?.['status']).toBe(2);
    const list = done.json?.['data_list'] as Array<{ url: string; size: number; md5: string }>;
    expect(list).toHaveLength(1);
    const file = await download(list[0]!.url);
    expect(file.status).toBe(200);
    expect(file.data.length).toBe(list[0]!.size);
    expect(file.data.length % 32).toBe(0);
    expect(createHash('md5').update(file.data).digest('hex')).toBe(list[0]!.md5);
    const data = decrypt(file.data) as { userlist: Array<{ userid: string; name: string; department: number[]; open_userid: string }> };
    const exported = data.userlist.map((u) => u.userid).sort();
    expect(exported).toEqual(await allUserids(target, token));
    for (const u of data.userlist) {
      expect(Object.keys(u).sort()).toEqual(['department', 'name', 'open_userid', 'userid']);
      expect(u.department.length).toBeGreaterThan(0);
    }
  });

  it('When the export is done, then a batch_job_result event with JobType export_simple_user is emitted', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const done = await exportDone(corp, token, 'export_simple_user', {});
    expect(done['status']).toBe(2);
    const ev = await target.admin<{ events: Array<{ event: Record<string, unknown> }> }>('GET', `/__mock/events?corpid=${corp.corpid}`);
    const jobs = ev.json.events.map((e) => e.event).filter((e) => e['Event'] === 'batch_job_result');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!['BatchJob']).toMatchObject({ JobType: 'export_simple_user', ErrCode: 0, ErrMsg: 'ok' });
    expect(jobs[0]!['AgentID']).toBeUndefined();
  });

  it('When an app exports member details, then only its visible range comes back, without the fields apps lost in 2022', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const done = await exportDone(corp, token, 'export_user', {});
    const list = done['data_list'] as Array<{ url: string }>;
    const data = decrypt((await download(list[0]!.url)).data) as { userlist: Array<Record<string, unknown>> };
    expect(data.userlist.map((u) => u['userid']).sort()).toEqual(await allUserids(target, token));
    for (const u of data.userlist) {
      expect(u).toHaveProperty('name');
      expect(u).toHaveProperty('department');
      expect(u).not.toHaveProperty('mobile');
      expect(u).not.toHaveProperty('email');
      expect(u).not.toHaveProperty('avatar');
    }
    const ev = await target.admin<{ events: Array<{ event: Record<string, unknown> }> }>('GET', `/__mock/events?corpid=${corp.corpid}`);
    const job = ev.json.events.map((e) => e.event).find((e) => e['Event'] === 'batch_job_result');
    expect(job?.['AgentID']).toBe(corp.agentid);
    expect(job?.['BatchJob']).toMatchObject({ JobType: 'export_user' });
  });

  it('When departments are exported, then the block lists every department with the department/list fields', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const done = await exportDone(corp, token, 'export_department', { block_size: 1000000 });
    const list = done['data_list'] as Array<{ url: string }>;
    const data = decrypt((await download(list[0]!.url)).data) as { department: Array<Record<string, unknown>> };
    const simple = await call(base, 'department_simplelist', { token });
    const ids = (simple.json?.['department_id'] as Array<{ id: number }>).map((d) => d.id).sort((a, b) => a - b);
    expect(data.department.map((d) => d['id'] as number).sort((a, b) => a - b)).toEqual(ids);
    expect(Object.keys(data.department[0]!).sort()).toEqual(['department_leader', 'id', 'name', 'name_en', 'order', 'parentid']);
  });

  it('When a tag is exported, then its members and departments come back', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const userid = (await allUserids(target, token))[0]!;
    const created = await call(base, 'tag_create', { token, body: { tagname: 'export-test' } });
    expect(created.errcode).toBe(0);
    const tagid = created.json?.['tagid'] as number;
    const add = await call(base, 'tag_addtagusers', { token, body: { tagid, userlist: [userid], partylist: [1] } });
    expect(add.errcode).toBe(0);
    const done = await exportDone(corp, token, 'export_taguser', { tagid });
    const list = done['data_list'] as Array<{ url: string }>;
    const data = decrypt((await download(list[0]!.url)).data) as { userlist: Array<{ userid: string; name: string }>; partylist: number[] };
    expect(data.userlist.map((u) => u.userid)).toEqual([userid]);
    expect(data.partylist).toEqual([1]);
  });

  it('When a block is downloaded with a Range, then 206 with exactly those ciphertext bytes', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const done = await exportDone(corp, token, 'export_simple_user', {});
    const url = (done['data_list'] as Array<{ url: string }>)[0]!.url;
    const whole = await download(url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const part = await download(url, { range: 'bytes=16-47' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 16-47/${whole.data.length}`);
    expect(part.data.equals(whole.data.subarray(16, 48))).toBe(true);
  });

  it('When 2 hours of mock time pass after the export finished, then its URL answers 404', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const done = await exportDone(corp, token, 'export_simple_user', {});
    const url = (done['data_list'] as Array<{ url: string }>)[0]!.url;
    expect((await download(url)).status).toBe(200);
    await advance(corp, 2 * 3600);
    expect((await download(url)).status).toBe(404);
  });

  it('When encoding_aeskey is not 43 letters and digits, or block_size is out of 10^4–10^6, then 40058', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    for (const body of [{ encoding_aeskey: 'short' }, { encoding_aeskey: `${AESKEY.slice(0, 42)}+` }, {}, { encoding_aeskey: AESKEY, block_size: 9999 }, { encoding_aeskey: AESKEY, block_size: 1000001 }]) {
      const r = await call(base, 'export_user', { unchecked: true, token, body });
      expect(r.errcode, JSON.stringify(body)).toBe(code('INVALID_PARAMETER'));
    }
  });

  it('When export/taguser has no tagid, then 41017; an unknown tag, then 40068', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const missing = await call(base, 'export_taguser', { unchecked: true, token, body: { encoding_aeskey: AESKEY } });
    expect(missing.errcode).toBe(code('TAGID_MISSING'));
    const unknown = await call(base, 'export_taguser', { token, body: { tagid: 987654, encoding_aeskey: AESKEY } });
    expect(unknown.errcode).toBe(code('INVALID_TAGID'));
  });

  it('When get_result names an unknown, missing or another caller\'s jobid, then 40088', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    expect((await call(base, 'export_get_result', { token, query: { jobid: 'jobid_nope' } })).errcode).toBe(code('JOBID_NOT_FOUND'));
    expect((await call(base, 'export_get_result', { token })).errcode).toBe(code('JOBID_NOT_FOUND'));
    const r = await call(base, 'export_simple_user', { token, body: { encoding_aeskey: AESKEY } });
    const app = await getToken(base, corp.corpid, corp.appSecret);
    const other = await call(base, 'export_get_result', { token: app, query: { jobid: r.json?.['jobid'] as string } });
    expect(other.errcode).toBe(code('JOBID_NOT_FOUND'));
  });

  it('When the customer-contact secret exports, then 48002', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.raw!.secrets.customer_contact);
    const r = await call(base, 'export_simple_user', { token, body: { encoding_aeskey: AESKEY } });
    expect(r.errcode).toBe(code('API_FORBIDDEN'));
  });

  it('When 7 days pass, then the job answers 40089 (result cleaned)', async () => {
    const corp = await target.newCorp();
    const r = await call(base, 'export_simple_user', { token: await contactsToken(corp), body: { encoding_aeskey: AESKEY } });
    await advance(corp, 7 * 86400);
    const token = await contactsToken(corp);
    const res = await call(base, 'export_get_result', { token, query: { jobid: r.json?.['jobid'] as string } });
    expect(res.errcode).toBe(code('JOB_RESULT_CLEANED'));
  });
});
