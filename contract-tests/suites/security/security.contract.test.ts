import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const DAY = 86_400;

async function secCorp(): Promise<{ token: string; corpid: string; users: string[]; now: number }> {
  const { corp, token } = await areaCorp(target, 'security');
  const clock = await target.admin<{ now_ms: number }>('GET', '/__mock/clock');
  return { token, corpid: corp.corpid, users: corp.raw!.sample_userids!, now: Math.floor(clock.json.now_ms / 1000) };
}

describe.skipIf(!target.isMock)('安全管理 (security)', () => {
  it('When the admin log is read over a week, then records are newest first inside the window and pages chain', async () => {
    const { token, now } = await secCorp();
    const all = await call(base, 'security_admin_oper_log_list', { token, body: { start_time: now - 7 * DAY, end_time: now, limit: 100 } });
    expect(all.errcode).toBe(0);
    const rec = all.json!.record_list!;
    expect(rec.length).toBeGreaterThan(5);
    for (let i = 1; i < rec.length; i++) expect(rec[i - 1]!.time!).toBeGreaterThanOrEqual(rec[i]!.time!);
    const p1 = await call(base, 'security_admin_oper_log_list', { token, body: { start_time: now - 7 * DAY, end_time: now, limit: 2 } });
    expect(p1.json!.has_more).toBe(true);
    const p2 = await call(base, 'security_admin_oper_log_list', { token, body: { start_time: now - 7 * DAY, end_time: now, limit: 2, cursor: p1.json!.next_cursor! } });
    expect([...p1.json!.record_list!, ...p2.json!.record_list!]).toEqual(rec.slice(0, 4));
    expect((await call(base, 'security_admin_oper_log_list', { token, body: { start_time: now - 8 * DAY, end_time: now } })).errcode).toBe(code('AUDIT_LOG_INVALID_TIME_RANGE'));
    expect((await call(base, 'security_member_oper_log_list', { token, body: { start_time: now - DAY, end_time: now, cursor: 'made-up' } })).errcode).toBe(code('AUDIT_LOG_INVALID_CURSOR'));
  });

  it('When devices are imported twice, then the second import reports them duplicated and invalid ones get status 3', async () => {
    const { token } = await secCorp();
    const dev = { system: 'Windows', mac_addr: ['50:81:40:29:33:CA'], motherboard_uuid: 'MB1' };
    const first = await call(base, 'security_trustdevice_import', { token, body: { device_list: [dev, { system: 'Mac' }] } });
    expect(first.json!.result![0]).toMatchObject({ device_index: 1, status: 1 });
    expect(first.json!.result![1]).toEqual({ device_index: 2, status: 3 });
    const again = await call(base, 'security_trustdevice_import', { token, body: { device_list: [dev] } });
    expect(again.json!.result![0]).toEqual({ device_index: 1, status: 2, duplicated_device_code: first.json!.result![0]!.device_code });
  });

  it('When a seat job is submitted, then unknown members are invalid at once and the seats change when the job runs', async () => {
    const { token, users, corpid } = await secCorp();
    const before = (await call(base, 'security_vip_list', { token, body: {} })).json!.userid_list!;
    const fresh = users.find((u) => !before.includes(u))!;
    const job = await call(base, 'security_vip_submit_batch_add_job', { token, body: { userid_list: [fresh, 'ghost'] } });
    expect(job.json).toMatchObject({ invalid_userid_list: ['ghost'] });
    expect(job.json!.jobid).toBeTruthy();
    await target.admin('POST', '/__mock/clock', { corpid, advance_seconds: 2 });
    expect((await call(base, 'security_vip_list', { token, body: {} })).json!.userid_list).toEqual([...before, fresh]);
  });
});
