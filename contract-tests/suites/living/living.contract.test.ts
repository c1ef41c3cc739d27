import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { areaToken, call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const tokenOf = async (corp: TestCorp) => areaToken(base, corp, 'living');
const nowSec = async (corpid: string) => Math.floor((await target.admin<{ now_ms: number }>('GET', `/__mock/clock?corpid=${corpid}`)).json.now_ms / 1000);
const advance = (corpid: string, seconds: number) => target.admin('POST', '/__mock/clock', { corpid, advance_seconds: seconds });
const events = async (corpid: string) =>
  (await target.admin<{ events: { event: Record<string, unknown> }[] }>('GET', `/__mock/events?corpid=${corpid}`)).json.events.map((e) => e.event);

describe.skipIf(!target.isMock)('直播 (living)', () => {
  it('When a living is booked, then its status follows the clock: booked, live, ended with a replay that can be deleted once', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const anchor = corp.raw!.sample_userids![0]!;
    const start = (await nowSec(corp.corpid)) + 3600;
    const c = await call(base, 'living_create', { token, body: { anchor_userid: anchor, theme: '发布会', living_start: start, living_duration: 1800, type: 4, description: 'd' } });
    expect(c.errcode).toBe(0);
    const livingid = c.json!.livingid!;
    const status = async () => (await call(base, 'living_get_living_info', { token, query: { livingid } })).json!.living_info!;
    expect(await status()).toMatchObject({ status: 0, theme: '发布会', anchor_userid: anchor, living_start: start, replay_status: 0 });
    expect((await call(base, 'living_modify', { token, body: { livingid, theme: '新品发布会', living_start: start + 600 } })).errcode).toBe(0);
    await advance(corp.corpid, 3600 + 601);
    expect(await status()).toMatchObject({ status: 1, theme: '新品发布会', living_start: start + 600 });
    expect((await call(base, 'living_cancel', { token, body: { livingid } })).errcode).toBe(code('LIVING_STARTED_OR_CANCELLED'));
    expect((await call(base, 'living_delete_replay_data', { token, body: { livingid } })).errcode).toBe(code('LIVING_REPLAY_UNDELETABLE'));
    await advance(corp.corpid, 1800);
    expect(await status()).toMatchObject({ status: 2, replay_status: 1 });
    expect((await call(base, 'living_delete_replay_data', { token, body: { livingid } })).errcode).toBe(0);
    expect((await status()).replay_status).toBe(0);
    expect((await call(base, 'living_delete_replay_data', { token, body: { livingid } })).errcode).toBe(code('LIVING_REPLAY_UNDELETABLE'));
  });

  it('When a booked living is cancelled, then it never starts, and bad anchors, past starts and unknown ids are refused', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const anchor = corp.raw!.sample_userids![1]!;
    const start = (await nowSec(corp.corpid)) + 600;
    const livingid = (await call(base, 'living_create', { token, body: { anchor_userid: anchor, theme: 't', living_start: start, living_duration: 60 } })).json!.livingid!;
    expect((await call(base, 'living_cancel', { token, body: { livingid } })).errcode).toBe(0);
    await advance(corp.corpid, 700);
    expect((await call(base, 'living_get_living_info', { token, query: { livingid } })).json!.living_info!.status).toBe(4);
    expect((await call(base, 'living_modify', { token, body: { livingid, theme: 'x' } })).errcode).toBe(code('LIVING_STARTED_OR_CANCELLED'));
    expect((await call(base, 'living_create', { token, body: { anchor_userid: 'ghost', theme: 't', living_start: start + 9999, living_duration: 60 } })).errcode).toBe(code('INVALID_USERID'));
    expect((await call(base, 'living_create', { token, body: { anchor_userid: anchor, theme: 't', living_start: start - 9999, living_duration: 60 } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(base, 'living_cancel', { token, body: { livingid: 'nope' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When the demo corp is read, then the anchor has an ended training with viewers and a booked meeting, paged by cursor', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const anchor = corp.raw!.sample_userids![0]!;
    const p1 = await call(base, 'living_get_user_all_livingid', { token, body: { userid: anchor, limit: 1 } });
    expect(p1.json!.livingid_list!.length).toBe(1);
    expect(p1.json!.next_cursor).not.toBe('');
    const p2 = await call(base, 'living_get_user_all_livingid', { token, body: { userid: anchor, limit: 1, cursor: p1.json!.next_cursor! } });
    expect(p2.json!.next_cursor).toBe('');
    const [upcoming, past] = [p1.json!.livingid_list![0]!, p2.json!.livingid_list![0]!];
    expect((await call(base, 'living_get_living_info', { token, query: { livingid: upcoming } })).json!.living_info!.status).toBe(0);
    const info = (await call(base, 'living_get_living_info', { token, query: { livingid: past } })).json!.living_info!;
    expect(info).toMatchObject({ status: 2, replay_status: 1, viewer_num: 5 });
    const stat = await call(base, 'living_get_watch_stat', { token, body: { livingid: past } });
    expect(stat.json).toMatchObject({ ending: 1, next_key: '' });
    expect(stat.json!.stat_info!.users!.length).toBe(5);
    expect((await call(base, 'living_get_user_all_livingid', { token, body: { userid: anchor, cursor: 'made-up-cursor-value' } })).errcode).toBe(code('INVALID_CURSOR'));
  });

  it('When a customer watches through a member\'s share, then the share code resolves and watch stats list them; living codes are stable per openid', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const [anchor, invitor] = corp.raw!.sample_userids!;
    const start = (await nowSec(corp.corpid)) + 60;
    const livingid = (await call(base, 'living_create', { token, body: { anchor_userid: anchor!, theme: 't', living_start: start, living_duration: 600 } })).json!.livingid!;
    expect((await target.admin('POST', `/__mock/corps/${corp.corpid}/livings/${livingid}/viewers`, { external_userid: 'wmEXT1', watch_time: 30 })).status).toBe(400);
    const unknown = await target.admin<{ error: { code: string } }>('POST', `/__mock/corps/${corp.corpid}/livings/lvnosuchliving/viewers`, { external_userid: 'wmEXT1', watch_time: 30 });
    expect([unknown.status, unknown.json.error.code]).toEqual([404, 'living_not_found']);
    await advance(corp.corpid, 120);
    const w = await target.admin<{ ww_share_code: string }>('POST', `/__mock/corps/${corp.corpid}/livings/${livingid}/viewers`, { external_userid: 'wmEXT1', name: '客户', watch_time: 300, is_comment: 1, invitor_userid: invitor });
    expect(w.status).toBe(201);
    const share = await call(base, 'living_get_living_share_info', { token, body: { ww_share_code: w.json.ww_share_code } });
    expect(share.json).toMatchObject({ livingid, viewer_external_userid: 'wmEXT1', invitor_userid: invitor, viewer_userid: '' });
    const stat = await call(base, 'living_get_watch_stat', { token, body: { livingid } });
    expect(stat.json!.stat_info!.external_users).toEqual([{ external_userid: 'wmEXT1', type: 1, name: '客户', watch_time: 300, is_comment: 1, is_mic: 0 }]);
    const c1 = await call(base, 'living_get_living_code', { token, body: { livingid, openid: 'o1' } });
    const c2 = await call(base, 'living_get_living_code', { token, body: { livingid, openid: 'o1' } });
    const c3 = await call(base, 'living_get_living_code', { token, body: { livingid, openid: 'o2' } });
    expect(c1.json!.living_code).toBe(c2.json!.living_code);
    expect(c3.json!.living_code).not.toBe(c1.json!.living_code);
    expect((await call(base, 'living_get_living_share_info', { token, body: { ww_share_code: 'nope' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When an app books a living, then its app hears living_status_change 0, 1, 2 as the clock passes, a cancelled one 4, and a living of the 直播 secret reaches no app', async () => {
    const corp = await target.newCorp();
    const app = corp.raw!.apps[0]!;
    const token = await getToken(base, corp.corpid, app.secret);
    const anchor = corp.raw!.sample_userids![0]!;
    const start = (await nowSec(corp.corpid)) + 600;
    const mark = await events(corp.corpid);
    const livingid = (await call(base, 'living_create', { token, body: { anchor_userid: anchor, theme: '直播', living_start: start, living_duration: 300 } })).json!.livingid!;
    const other = (await call(base, 'living_create', { token, body: { anchor_userid: anchor, theme: '取消', living_start: start, living_duration: 300 } })).json!.livingid!;
    expect((await call(base, 'living_cancel', { token, body: { livingid: other } })).errcode).toBe(0);
    await advance(corp.corpid, 600);
    await advance(corp.corpid, 300);
    const system = await tokenOf(corp);
    const sys = (await call(base, 'living_create', { token: system, body: { anchor_userid: anchor, theme: '系统', living_start: start + 3600, living_duration: 60 } })).json!.livingid!;
    const seen = (await events(corp.corpid)).slice(mark.length).filter((e) => e['Event'] === 'living_status_change');
    const of = (id: string) => seen.filter((e) => e['LivingId'] === id);
    expect(of(livingid).map((e) => e['Status'])).toEqual([0, 1, 2]);
    expect(of(livingid)[0]).toEqual({ Event: 'living_status_change', FromUserName: anchor, LivingId: livingid, Status: 0, AgentID: app.agentid });
    expect(of(other).map((e) => e['Status'])).toEqual([0, 4]);
    expect(of(sys)).toHaveLength(1);
    expect(of(sys)[0]!['AgentID']).toBeUndefined();
  });
});
