/** 打卡: rules, punches, reports, schedules, corrections, faces (doc path/93384, 90263, 90262, 93374, 93387, 93380, 93385, 99647, 95803, 93378). */
import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();

const DAY = 86_400;
async function checkinCorp(scenario: 'typical' | 'empty' = 'typical'): Promise<{ corp: TestCorp; token: string; now: number; users: string[] }> {
  const corp = await target.newCorp({ scenario });
  const areas = corp.raw!['areas'] as Record<string, { secret: string }>;
  const token = await getToken(target, corp.corpid, areas['checkin']!.secret);
  const clock = await target.admin<{ now_ms: number }>('GET', '/__mock/clock');
  return { corp, token, now: Math.floor(clock.json.now_ms / 1000), users: corp.raw!.sample_userids! };
}

describe.skipIf(!target.isMock)('checkin', () => {
  it('When a typical corp is read, then it has rules, two weeks of punches and reports computed from them', async () => {
    const { token, now, users } = await checkinCorp();
    const rules = await call(target, 'checkin_getcorpcheckinoption', { token });
    expect(rules.errcode, rules.text).toBe(0);
    expect(rules.json?.group?.length).toBeGreaterThan(0);
    const opt = await call(target, 'checkin_getcheckinoption', { token, body: { datetime: now, useridlist: users.slice(0, 2) } });
    expect(opt.json?.info?.[0]?.group?.groupname).toBe('标准工时');
    const data = await call(target, 'checkin_getcheckindata', { token, body: { opencheckindatatype: 3, starttime: now - 14 * DAY, endtime: now, useridlist: users } });
    expect(data.errcode, data.text).toBe(0);
    expect(data.json?.checkindata?.length).toBeGreaterThan(10);
    const day = await call(target, 'checkin_getcheckin_daydata', { token, body: { starttime: now - 7 * DAY, endtime: now, useridlist: users.slice(0, 1) } });
    expect(day.json?.datas?.length).toBeGreaterThanOrEqual(7);
    const workday = day.json!.datas!.find((d) => d.base_info?.day_type === 0)!;
    expect(workday.base_info?.rule_info?.checkintime).toEqual([{ work_sec: 32_400, off_work_sec: 64_800 }]);
    const month = await call(target, 'checkin_getcheckin_monthdata', { token, body: { starttime: now - 30 * DAY, endtime: now, useridlist: users.slice(0, 1) } });
    expect(month.json?.datas?.[0]?.summary_info?.work_days).toBeGreaterThan(5);
  });

  it('When the request breaks the limits, then 301023, 301024, 301069 and 48002', async () => {
    const { corp, token, now, users } = await checkinCorp();
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect((await call(target, 'checkin_getcheckindata', { token, body: { opencheckindatatype: 3, starttime: now - DAY, endtime: now, useridlist: many } })).errcode).toBe(code('CHECKIN_INVALID_USERIDLIST'));
    expect((await call(target, 'checkin_getcheckindata', { token, body: { opencheckindatatype: 3, starttime: now - 31 * DAY, endtime: now, useridlist: users } })).errcode).toBe(code('CHECKIN_TIME_RANGE_TOO_LONG'));
    expect((await call(target, 'checkin_getcheckindata', { token, body: { opencheckindatatype: 3, starttime: now - DAY, endtime: now, useridlist: ['ghost'] } })).errcode).toBe(code('CHECKIN_USERID_NOT_FOUND'));
    // A self-built app not listed for 打卡 may not call it.
    await target.admin('PATCH', `/__mock/corps/${corp.corpid}/areas/checkin`, { callable_agentids: [] });
    const app = await getToken(target, corp.corpid, corp.appSecret);
    expect((await call(target, 'checkin_getcorpcheckinoption', { token: app })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it('When a member is late and leaves early, then the day report shows both, and a correction makes the day whole', async () => {
    const { corp, token, now } = await checkinCorp('typical');
    const userid = corp.raw!.sample_userids![4]!;
    // A rule of its own for the member, every day 09:00–18:00, so the test does not depend on the weekday.
    const rule = await call(target, 'checkin_add_checkin_option', {
      token,
      body: { group: { grouptype: 1, groupname: '每天', checkindate: [{ workdays: [0, 1, 2, 3, 4, 5, 6], checkintime: [{ work_sec: 32_400, off_work_sec: 64_800 }] }], loc_infos: [{ lat: 1, lng: 1, loc_title: 'HQ', loc_detail: 'HQ', distance: 200 }], range: { userid: [userid] } } },
    });
    expect(rule.errcode, rule.text).toBe(0);
    // A day before the demo history (the last 14 days), within add_checkin_record's 30 days.
    const yesterday = Math.floor((now + 8 * 3600) / DAY) * DAY - 8 * 3600 - 20 * DAY;
    const add = await call(target, 'checkin_add_checkin_record', { token, body: { records: [{ userid, checkin_time: yesterday + 32_400 + 600 }, { userid, checkin_time: yesterday + 64_800 - 1200 }] } });
    expect(add.errcode, add.text).toBe(0);
    const report = async () => (await call(target, 'checkin_getcheckin_daydata', { token, body: { starttime: yesterday, endtime: yesterday + 100, useridlist: [userid] } })).json!.datas![0]!;
    const r1 = await report();
    expect(r1.exception_infos).toEqual([{ exception: 1, count: 1, duration: 600 }, { exception: 2, count: 1, duration: 1200 }]);
    expect(r1.summary_info).toMatchObject({ checkin_count: 2, standard_work_sec: 32_400, regular_work_sec: 32_400 - 1800 });
    // Corrections: the scheduled time must be one of the rule's, the day a past day.
    expect((await call(target, 'checkin_punch_correction', { token, body: { userid, schedule_date_time: yesterday, schedule_checkin_time: 1234, checkin_time: yesterday + 32_400 } })).errcode).toBe(code('INVALID_SCHEDULED_CHECKIN_TIME'));
    expect((await call(target, 'checkin_punch_correction', { token, body: { userid, schedule_date_time: yesterday + 5, schedule_checkin_time: 32_400, checkin_time: yesterday + 32_400 } })).errcode).toBe(code('INVALID_SCHEDULED_CHECKIN_DATE'));
    expect((await call(target, 'checkin_punch_correction', { token, body: { userid, schedule_date_time: yesterday, schedule_checkin_time: 32_400, checkin_time: yesterday + 32_400 } })).errcode).toBe(0);
    const r2 = await report();
    expect(r2.exception_infos).toEqual([{ exception: 2, count: 1, duration: 1200 }]);
    // The range is the member's rule now; naming them in a second rule conflicts.
    const again = await call(target, 'checkin_add_checkin_option', { token, body: { group: { grouptype: 3, groupname: '自由', wifimac_infos: [{ wifiname: 'w', wifimac: 'aa:bb:cc:dd:ee:ff' }], range: { userid: [userid] } } } });
    expect(again.errcode).toBe(code('CHECKIN_RULE_RANGE_CONFLICT'));
    expect((await call(target, 'checkin_add_checkin_option', { token, body: { group: { grouptype: 3, groupname: '无地点' } } })).errcode).toBe(code('CHECKIN_RULE_LOCATION_WIFI_EMPTY'));
  });

  it('When shifts are assigned on the 排班 rule, then getcheckinschedulist answers them and a simulated punch is classified', async () => {
    const { corp, token, now } = await checkinCorp('typical');
    const userid = corp.raw!.sample_userids![3]!;
    const rules = (await call(target, 'checkin_getcorpcheckinoption', { token })).json!.group!;
    const shifts = rules.find((g) => g.grouptype === 2)!;
    // The member must be in the rule's range: a rule naming them by userid.
    expect((await call(target, 'checkin_setcheckinschedulist', { token, body: { groupid: shifts.groupid!, yearmonth: 202401, items: [{ userid, day: 5, schedule_id: 1 }] } })).errcode).toBe(code('CHECKIN_RULE_HAS_UNAUTHORIZED_ID'));
    const mine = await call(target, 'checkin_add_checkin_option', {
      token,
      body: { group: { grouptype: 2, groupname: '我的排班', schedulelist: [{ schedule_id: 7, schedule_name: '早班', time_section: [{ work_sec: 28_800, off_work_sec: 57_600 }] }], wifimac_infos: [{ wifiname: 'w', wifimac: 'aa:bb:cc:dd:ee:ff' }], range: { userid: [userid] } } },
    });
    const groupid = mine.json!.groupid!;
    const d = new Date((now + 8 * 3600) * 1000);
    const yearmonth = d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
    expect((await call(target, 'checkin_setcheckinschedulist', { token, body: { groupid, yearmonth, items: [{ userid, day: 32, schedule_id: 7 }] } })).errcode).toBe(code('CHECKIN_INVALID_SCHEDULE_TIME'));
    expect((await call(target, 'checkin_setcheckinschedulist', { token, body: { groupid, yearmonth, items: [{ userid, day: 1, schedule_id: 99 }] } })).errcode).toBe(code('CHECKIN_INVALID_SCHEDULE_TIME'));
    expect((await call(target, 'checkin_setcheckinschedulist', { token, body: { groupid, yearmonth, items: [{ userid, day: d.getUTCDate(), schedule_id: 7 }] } })).errcode).toBe(0);
    const list = await call(target, 'checkin_getcheckinschedulist', { token, body: { starttime: now - DAY, endtime: now + DAY, useridlist: [userid] } });
    expect(list.json?.schedule_list?.[0]).toMatchObject({ userid, yearmonth, groupid, schedule: { scheduleList: [{ day: d.getUTCDate(), schedule_info: { schedule_id: 7, schedule_name: '早班' } }] } });
    const today = Math.floor((now + 8 * 3600) / DAY) * DAY - 8 * 3600;
    if (now > today + 28_800 + 300) {
      const p = await target.admin<Record<string, unknown>>('POST', `/__mock/corps/${corp.corpid}/checkin/punches`, { userid, time: today + 28_800 + 300 });
      expect(p.json).toMatchObject({ checkin_type: '上班打卡', exception_type: '时间异常', sch_checkin_time: today + 28_800, groupid });
    }
  });

  it('When a face is enrolled, then only a picture of a known member is taken', async () => {
    const { token, users } = await checkinCorp();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]).toString('base64');
    expect((await call(target, 'checkin_addcheckinuserface', { token, body: { userid: users[0]!, userface: jpeg } })).errcode).toBe(0);
    expect((await call(target, 'checkin_addcheckinuserface', { token, body: { userid: users[0]!, userface: Buffer.from('hello').toString('base64') } })).errcode).toBe(code('CHECKIN_INVALID_INPUT'));
    expect((await call(target, 'checkin_addcheckinuserface', { token, body: { userid: 'ghost', userface: jpeg } })).errcode).toBe(code('CHECKIN_USERID_NOT_FOUND'));
  });

  it('When the corp is empty, then there are no rules and no punches', async () => {
    const { token } = await checkinCorp('empty');
    expect((await call(target, 'checkin_getcorpcheckinoption', { token })).json?.group).toEqual([]);
  });
});
