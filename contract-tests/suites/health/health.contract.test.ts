import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const chinaDate = (sec: number) => new Date((sec + 8 * 3600) * 1000).toISOString().slice(0, 10);

describe.skipIf(!target.isMock)('健康上报 (health)', () => {
  it("When yesterday's answers of the demo job are read, then their count is the job's finish_cnt and the day's pv", async () => {
    const { corp, token } = await areaCorp(target, 'health');
    const ids = await call(base, 'health_get_report_jobids', { token, body: { offset: 0, limit: 100 } });
    expect(ids.json).toMatchObject({ errcode: 0, ending: 1 });
    const jobid = ids.json!.jobids![0]!;
    const date = chinaDate(Math.floor(Date.now() / 1000) - 86400);
    const info = await call(base, 'health_get_report_job_info', { token, body: { jobid, date } });
    expect(info.errcode).toBe(0);
    expect(info.json!.job_info!.question_templates!.length).toBeGreaterThan(0);
    const answers = await call(base, 'health_get_report_answer', { token, body: { jobid, date, offset: 0, limit: 100 } });
    expect(answers.json!.answers!.length).toBe(info.json!.job_info!.finish_cnt);
    const stat = await call(base, 'health_get_health_report_stat', { token, body: { date } });
    expect(stat.json!.pv).toBe(answers.json!.answers!.length);
    expect(stat.json!.uv).toBe(new Set(answers.json!.answers!.map((a) => a.userid)).size);
  });

  it('When the jobid is unknown or the date too old, then 40088 / 40058 answer', async () => {
    const { corp, token } = await areaCorp(target, 'health');
    expect((await call(base, 'health_get_report_job_info', { token, body: { jobid: 'nope', date: chinaDate(Math.floor(Date.now() / 1000)) } })).errcode).toBe(code('JOBID_NOT_FOUND'));
    expect((await call(base, 'health_get_health_report_stat', { token, body: { date: '2020-03-27' } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(base, 'health_get_health_report_stat', { token, body: { date: '2020-02-31' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});
