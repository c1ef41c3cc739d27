import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { allUserids } from '../contacts/helpers.js';
import { SAMPLES, upload } from '../media/upload-helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;

interface RowResult {
  userid?: string;
  action?: number;
  partyid?: number;
  errcode: number;
  errmsg: string;
}

async function contactsToken(corp: TestCorp): Promise<string> {
  return getToken(base, corp.corpid, corp.raw!.secrets.contacts);
}

async function advance(corp: TestCorp, seconds: number): Promise<void> {
  expect((await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: seconds })).status).toBe(200);
}

async function uploadCsv(token: string, csv: string): Promise<string> {
  const r = await upload(base, 'media_upload', { access_token: token, type: 'file' }, Buffer.from(csv), 'import.csv', 'text/csv');
  expect(r.errcode, r.text).toBe(0);
  return r.json?.['media_id'] as string;
}

async function submit(token: string, op: 'batch_syncuser' | 'batch_replaceuser' | 'batch_replaceparty', csv: string): Promise<string> {
  const r = await call(base, op, { token, body: { media_id: await uploadCsv(token, csv) } });
  expect(r.errcode, r.text).toBe(0);
  expect(r.errmsg).toBe('ok');
  const jobid = r.json?.['jobid'] as string;
  expect(Buffer.byteLength(jobid)).toBeLessThanOrEqual(64);
  return jobid;
}

async function result(token: string, jobid: string): Promise<Record<string, unknown>> {
  const r = await call(base, 'batch_getresult', { token, query: { jobid } });
  expect(r.errcode, r.text).toBe(0);
  return r.json!;
}

/** Runs the mock clock until the job is done and answers its result. */
async function finish(corp: TestCorp, token: string, jobid: string): Promise<Record<string, unknown>> {
  await advance(corp, 10);
  const r = await result(token, jobid);
  expect(r['status']).toBe(3);
  expect(r['percentage']).toBe(100);
  return r;
}

const JOB_TYPE = { batch_syncuser: 'sync_user', batch_replaceuser: 'replace_user', batch_replaceparty: 'replace_party' } as const;

/** Submits the CSV and runs the job to completion; its result names the job's type and `total` rows. Answers the rows. */
async function runJob(corp: TestCorp, token: string, op: keyof typeof JOB_TYPE, csv: string, total: number): Promise<RowResult[]> {
  const r = await finish(corp, token, await submit(token, op, csv));
  expect(r['type']).toBe(JOB_TYPE[op]);
  expect(r['total']).toBe(total);
  return r['result'] as RowResult[];
}

async function departmentIds(token: string): Promise<number[]> {
  const r = await call(base, 'department_simplelist', { token });
  expect(r.errcode).toBe(0);
  return (r.json?.['department_id'] as Array<{ id: number }>).map((d) => d.id).sort((a, b) => a - b);
}

const HEADER = '姓名,帐号,手机号,邮箱,所在部门,职位,性别';

describe.skipIf(!target.isMock)('batch/syncuser', () => {
  it('When a CSV mixes good and bad rows, then only the bad rows fail, each with the code user/create gives', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const existing = (await allUserids(target, token))[0]!;
    const csv = [
      HEADER,
      '新人一,csv_new1,13800990001,,1,工程师,男',
      `,${existing},,,,架构师,`,
      '新人三,csv_new3,13800990001,,1,,女',
      '新人四,csv_new4,13800990004,,999999,,',
      '新人五,csv_new5,,,1,,',
      '重复,csv_new1,13800990006,,1,,',
      '坏帐号,bad id!,13800990007,,1,,',
      '"带,逗号",csv_new8,,csv8@example.com,1,"职位,含逗号",',
    ].join('\r\n');
    const rows = await runJob(corp, token, 'batch_syncuser', csv, 8);
    expect(rows.map((x) => x.userid)).toEqual(['csv_new1', existing, 'csv_new3', 'csv_new4', 'csv_new5', 'csv_new1', 'bad id!', 'csv_new8']);
    expect(rows.map((x) => x.errcode)).toEqual([
      0,
      0,
      code('MOBILE_EXISTED'),
      code('INVALID_DEPARTMENT_ID'),
      code('MOBILE_AND_EMAIL_EMPTY'),
      code('IMPORT_DUPLICATE_USERID'),
      // "bad id!": a space and "!" are outside the userid alphabet (digits, letters, "_-@."; user/create,
      // developer.work.weixin.qq.com/document/path/90195) → 40003 invalid userid.
      code('INVALID_USERID'),
      0,
    ]);
    expect(rows[0]!.errmsg).toBe('ok');
    expect(rows[2]!.errmsg).toMatch(/^mobile existed:csv_new1/);
    // The failing rows answer what user/create answers for the same member.
    const single = async (body: Record<string, unknown>): Promise<number | undefined> =>
      (await call(base, 'user_create', { token, body })).errcode;
    expect(await single({ userid: 'csv_new3', name: '新人三', mobile: '13800990001', department: [1] })).toBe(rows[2]!.errcode);
    expect(await single({ userid: 'csv_new4', name: '新人四', mobile: '13800990004', department: [999999] })).toBe(rows[3]!.errcode);
    expect(await single({ userid: 'csv_new5', name: '新人五', department: [1] })).toBe(rows[4]!.errcode);
    expect(await single({ userid: 'bad id!', name: '坏帐号', mobile: '13800990007', department: [1] })).toBe(rows[6]!.errcode);

    const ids = await allUserids(target, token);
    expect(ids).toContain('csv_new1');
    expect(ids).toContain('csv_new8');
    expect(ids).not.toContain('csv_new3');
    expect(ids).not.toContain('csv_new4');
    const app = await getToken(base, corp.corpid, corp.appSecret);
    const newcomer = await call(base, 'user_get', { token: app, query: { userid: 'csv_new1' } });
    if (newcomer.errcode === 0) {
      expect(newcomer.json).toMatchObject({ name: '新人一', position: '工程师', department: [1] });
    }
    const quoted = await call(base, 'user_get', { token: app, query: { userid: 'csv_new8' } });
    if (quoted.errcode === 0) expect(quoted.json).toMatchObject({ name: '带,逗号', position: '职位,含逗号' });
  });

  it('When the job runs, then status and percentage follow the mock clock and rows apply only when it is done', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const jobid = await submit(token, 'batch_syncuser', [HEADER, '进度,csv_progress,13800991111,,1,,'].join('\n'));
    const started = await result(token, jobid);
    expect(started).toMatchObject({ type: 'sync_user', total: 1, result: [] });
    expect([1, 2]).toContain(started['status']);
    expect(started['percentage']).toBeLessThan(100);
    expect(await allUserids(target, token)).not.toContain('csv_progress');
    await advance(corp, 1);
    const running = await result(token, jobid);
    expect(running['status']).toBe(2);
    expect(running['percentage']).toBeLessThan(100);
    await advance(corp, 1);
    const halfway = await result(token, jobid);
    expect(halfway['status']).toBe(2);
    expect(halfway['percentage']).toBeGreaterThanOrEqual(50);
    expect(halfway['percentage']).toBeLessThan(100);
    expect(await allUserids(target, token)).not.toContain('csv_progress');
    await advance(corp, 1);
    const done = await result(token, jobid);
    expect(done).toMatchObject({ status: 3, percentage: 100, result: [{ userid: 'csv_progress', errcode: 0, errmsg: 'ok' }] });
    expect(await allUserids(target, token)).toContain('csv_progress');
  });

  it('When the job completes, then a batch_job_result event with JobType sync_user goes out', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const jobid = await submit(token, 'batch_syncuser', [HEADER, '事件,csv_event,13800992222,,1,,'].join('\n'));
    await finish(corp, token, jobid);
    const ev = await target.admin<{ events: Array<{ event: Record<string, unknown> }> }>('GET', `/__mock/events?corpid=${corp.corpid}`);
    const jobs = ev.json.events.map((e) => e.event).filter((e) => e['Event'] === 'batch_job_result');
    expect(jobs).toEqual([{ Event: 'batch_job_result', BatchJob: { JobId: jobid, JobType: 'sync_user', ErrCode: 0, ErrMsg: 'ok' } }]);
  });
});

describe.skipIf(!target.isMock)('batch/replaceuser', () => {
  it('When the file omits two members, then they are deleted and the new one is added', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const before = await allUserids(target, token);
    expect(before.length).toBeGreaterThan(10);
    const [gone1, gone2, ...kept] = before;
    const csv = ['帐号,姓名,手机号,所在部门', ...kept.map((u) => `${u},,,`), 'csv_replace_new,替换新人,13800993333,1'].join('\n');
    const rows = await runJob(corp, token, 'batch_replaceuser', csv, kept.length + 1);
    expect(rows.every((x) => x.errcode === 0)).toBe(true);
    const after = await allUserids(target, token);
    expect(after).not.toContain(gone1);
    expect(after).not.toContain(gone2);
    expect(after).toEqual([...kept, 'csv_replace_new'].sort());
  });

  it('When the file would delete more than 80% of under 50 members, then 45026 and nothing changes', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const before = await allUserids(target, token);
    expect(before.length).toBeLessThan(60);
    const csv = ['帐号,姓名', `${before[0]},`].join('\n');
    const media = await uploadCsv(token, csv);
    const r = await call(base, 'batch_replaceuser', { token, body: { media_id: media } });
    expect(r.errcode).toBe(code('DELETE_PROTECTION_TRIGGERED'));
    await advance(corp, 10);
    expect(await allUserids(target, token)).toEqual(before);
  });
});

describe.skipIf(!target.isMock)('batch/replaceparty', () => {
  it('When a department file is imported, then children may precede parents, bad rows fail alone and absent empty departments go', async () => {
    const corp = await target.newCorp({ scenario: 'empty' });
    const token = await contactsToken(corp);
    expect(await departmentIds(token)).toEqual([1]);
    const csv = [
      '部门名称,部门ID,父部门ID,排序',
      '子部门,30,20,5',
      '总部,1,0,',
      '研发,20,1,10',
      '坏行,abc,1,',
      '重复,20,1,',
      '孤儿,40,999,',
    ].join('\n');
    const rows = await runJob(corp, token, 'batch_replaceparty', csv, 6);
    expect(rows[0]).toMatchObject({ partyid: 30, action: 1, errcode: 0, errmsg: 'ok' });
    expect(rows[1]).toMatchObject({ partyid: 1, errcode: 0 });
    expect(rows[2]).toMatchObject({ partyid: 20, action: 1, errcode: 0 });
    expect(rows[3]!.errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect(rows[4]).toMatchObject({ partyid: 20, errcode: code('IMPORT_DUPLICATE_PARTYID') });
    expect(rows[5]).toMatchObject({ partyid: 40, errcode: code('PARENT_DEPARTMENT_NOT_FOUND') });
    expect(await departmentIds(token)).toEqual([1, 20, 30]);

    const second = await submit(token, 'batch_replaceparty', ['部门名称,部门ID,父部门ID,排序', '总部,1,0,', '研发中心,20,1,'].join('\n'));
    const r2 = await finish(corp, token, second);
    expect((r2['result'] as RowResult[])[1]).toMatchObject({ partyid: 20, action: 2, errcode: 0 });
    expect(await departmentIds(token)).toEqual([1, 20]);
  });
});

describe('batch errors', () => {
  it('When media_id is missing, then 41006; unknown, then 40007', async () => {
    const corp = await target.newCorp();
    const token = corp.raw ? await contactsToken(corp) : await getToken(base, corp.corpid, corp.appSecret);
    const missing = await call(base, 'batch_syncuser', { unchecked: true, token, body: {} });
    expect(missing.errcode).toBe(code('MEDIA_ID_MISSING'));
    const unknown = await call(base, 'batch_replaceparty', { token, body: { media_id: 'not-a-media' } });
    expect(unknown.errcode).toBe(code('INVALID_MEDIA_ID'));
  });

  it.skipIf(!target.isMock)('When the file has no 帐号 column, is not text, or has no data row, then 40092', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    const noUserid = await uploadCsv(token, '姓名,手机号\n张三,13800000000\n');
    expect((await call(base, 'batch_syncuser', { token, body: { media_id: noUserid } })).errcode).toBe(
      code('INVALID_IMPORT_FILE_CONTENT'),
    );
    const img = await upload(base, 'media_upload', { access_token: token, type: 'image' }, SAMPLES.png, 'a.png');
    const image = img.json?.['media_id'] as string;
    expect((await call(base, 'batch_syncuser', { token, body: { media_id: image } })).errcode).toBe(
      code('INVALID_IMPORT_FILE_CONTENT'),
    );
    const headerOnly = await uploadCsv(token, `${HEADER}\n`);
    expect((await call(base, 'batch_replaceuser', { token, body: { media_id: headerOnly } })).errcode).toBe(
      code('INVALID_IMPORT_FILE_CONTENT'),
    );
    const partyNoParent = await uploadCsv(token, '部门名称,部门ID\n研发,2\n');
    expect((await call(base, 'batch_replaceparty', { token, body: { media_id: partyNoParent } })).errcode).toBe(
      code('INVALID_IMPORT_FILE_CONTENT'),
    );
  });

  it.skipIf(!target.isMock)('When an app token starts a job or reads a result, then 48002', async () => {
    const corp = await target.newCorp();
    const app = await getToken(base, corp.corpid, corp.appSecret);
    const media = await uploadCsv(app, `${HEADER}\n张三,zs,13800000000,,1,,\n`);
    expect((await call(base, 'batch_syncuser', { token: app, body: { media_id: media } })).errcode).toBe(code('API_FORBIDDEN'));
    expect((await call(base, 'batch_getresult', { token: app, query: { jobid: 'x' } })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it.skipIf(!target.isMock)('When getresult names an unknown or no jobid, then 40088; after 7 days, 40089', async () => {
    const corp = await target.newCorp();
    const token = await contactsToken(corp);
    expect((await call(base, 'batch_getresult', { token, query: { jobid: 'nope' } })).errcode).toBe(code('JOBID_NOT_FOUND'));
    expect((await call(base, 'batch_getresult', { token })).errcode).toBe(code('JOBID_NOT_FOUND'));
    expect((await call(base, 'batch_getresult', { token, query: { jobid: 'x'.repeat(65) } })).errcode).toBe(code('JOBID_NOT_FOUND'));
    const jobid = await submit(token, 'batch_syncuser', `${HEADER}\n清理,csv_clean,13800994444,,1,,\n`);
    await advance(corp, 7 * 86400);
    const fresh = await contactsToken(corp);
    expect((await call(base, 'batch_getresult', { token: fresh, query: { jobid } })).errcode).toBe(code('JOB_RESULT_CLEANED'));
  });
});
