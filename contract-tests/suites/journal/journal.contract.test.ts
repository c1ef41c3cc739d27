import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const areaToken = async (corp: TestCorp, area: string) => getToken(base, corp.corpid, corp.raw!.areas![area]!.secret);
const now = () => Math.floor(Date.now() / 1000);

describe.skipIf(!target.isMock)('汇报 (journal)', () => {
  it('When the demo corp lists two weeks of journals page by page, then the pages join into every journal once, each with its detail', async () => {
    const corp = await target.newCorp();
    const token = await areaToken(corp, 'journal');
    const ids: string[] = [];
    let cursor = 0;
    for (;;) {
      const r = await call(base, 'oa_journal_get_record_list', { token, body: { starttime: now() - 20 * 86400, endtime: now() + 3600, cursor, limit: 7 } });
      expect(r.errcode).toBe(0);
      ids.push(...r.json!.journaluuid_list!);
      if (r.json!.endflag === 1) break;
      cursor = r.json!.next_cursor!;
    }
    expect(ids.length).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
    const d = await call(base, 'oa_journal_get_record_detail', { token, body: { journaluuid: ids[0]! } });
    expect(d.errcode).toBe(0);
    expect(d.json!.info!.journal_uuid).toBe(ids[0]);
    expect(d.json!.info!.apply_data!.contents!.length).toBeGreaterThan(0);
    const creator = d.json!.info!.submitter!.userid;
    const mine = await call(base, 'oa_journal_get_record_list', { token, body: { starttime: now() - 20 * 86400, endtime: now(), limit: 100, filters: [{ key: 'creator', value: creator }] } });
    expect(mine.json!.journaluuid_list).toContain(ids[0]);
  });

  it('When the window is longer than a month or reversed, or the uuid unknown, then WeCom\'s codes answer', async () => {
    const corp = await target.newCorp();
    const token = await areaToken(corp, 'journal');
    const long = await call(base, 'oa_journal_get_record_list', { token, body: { starttime: now() - 40 * 86400, endtime: now(), limit: 10 } });
    expect(long.errcode).toBe(code('OA_INVALID_PARAMETER'));
    expect(long.json!.journaluuid_list).toEqual([]);
    const reversed = await call(base, 'oa_journal_get_stat_list', { token, body: { template_id: 'x', starttime: now(), endtime: now() - 10 } });
    expect(reversed.errcode).toBe(code('OA_INVALID_PARAMETER'));
    const template = await call(base, 'oa_journal_get_stat_list', { token, body: { template_id: 'unknown', starttime: now() - 86400, endtime: now() } });
    expect(template.errcode).toBe(code('OA_INVALID_PARAMETER'));
    const unknown = await call(base, 'oa_journal_get_record_detail', { token, body: { journaluuid: 'nope' } });
    expect(unknown.errcode).toBe(code('INVALID_JOURNAL_UUID'));
  });

  it('When an app is not a callable app of 汇报, then it gets 48002 while the 汇报 secret works', async () => {
    const corp = await target.newCorp();
    await target.admin('PATCH', `/__mock/corps/${corp.corpid}/areas/journal`, { callable_agentids: [] });
    const app = await getToken(base, corp.corpid, corp.appSecret);
    const r = await call(base, 'oa_journal_get_record_list', { token: app, body: { starttime: now() - 86400, endtime: now(), limit: 10 } });
    expect(r.errcode).toBe(code('API_FORBIDDEN'));
    const contacts = await getToken(base, corp.corpid, corp.contactsSecret!);
    expect((await call(base, 'oa_journal_get_record_list', { token: contacts, body: { starttime: now() - 86400, endtime: now(), limit: 10 } })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it('When a journal has an attached file, then its download link serves the bytes only with the cookie, and Range works', async () => {
    const corp = await target.newCorp();
    const token = await areaToken(corp, 'journal');
    const list = await call(base, 'oa_journal_get_record_list', { token, body: { starttime: now() - 20 * 86400, endtime: now(), limit: 100 } });
    let found: { uuid: string; fileid: string } | undefined;
    for (const uuid of list.json!.journaluuid_list!) {
      const d = await call(base, 'oa_journal_get_record_detail', { token, body: { journaluuid: uuid } });
      const file = d.json!.info!.apply_data!.contents!.find((c) => c.control === 'File');
      if (file) {
        found = { uuid, fileid: file.value!.files![0]!.file_id! };
        break;
      }
    }
    expect(found).toBeDefined();
    const bad = await call(base, 'oa_journal_download_wedrive_file', { token, body: { journaluuid: found!.uuid, fileid: 'other' } });
    expect(bad.errcode).toBe(code('WEDRIVE_INVALID_FILEID'));
    const r = await call(base, 'oa_journal_download_wedrive_file', { token, body: { journaluuid: found!.uuid, fileid: found!.fileid } });
    expect(r.errcode).toBe(0);
    const url = r.json!.download_url!;
    expect((await fetch(url)).status).toBe(404);
    const cookie = `${r.json!.cookie_name}=${r.json!.cookie_value}`;
    const whole = await fetch(url, { headers: { cookie } });
    expect(whole.status).toBe(200);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
    const part = await fetch(url, { headers: { cookie, range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20));
  });
});
