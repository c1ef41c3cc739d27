/** 审批: templates, applications, decisions with sys_approval_change, legacy and third-party reads, vacation (doc path/91982, 97437, 91853, 91816, 91983, 91815, 91530, 90269, 93375–93377, 99880, 99883). */
import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { checkWebhookXml } from '../../harness/webhook-schemas.js';
import { appReceiver, drain } from '../callbacks/helpers.js';

const target = await suiteTarget();

const DAY = 86_400;
async function approvalCorp(): Promise<{ corp: TestCorp; token: string; now: number; users: string[] }> {
  const corp = await target.newCorp({ scenario: 'typical' });
  const areas = corp.raw!['areas'] as Record<string, { secret: string }>;
  const token = await getToken(target, corp.corpid, areas['approval']!.secret);
  const clock = await target.admin<{ now_ms: number }>('GET', '/__mock/clock');
  return { corp, token, now: Math.floor(clock.json.now_ms / 1000), users: corp.raw!.sample_userids! };
}

const zh = (text: string) => [{ text, lang: 'zh_CN' }];

describe.skipIf(!target.isMock)('approval', () => {
  it('When a typical corp is read, then it has templates and applications in the last days', async () => {
    const { token, now } = await approvalCorp();
    const list = await call(target, 'oa_getapprovalinfo', { token, body: { starttime: String(now - 7 * DAY), endtime: String(now), size: 100 } });
    expect(list.errcode, list.text).toBe(0);
    expect(list.json?.sp_no_list?.length).toBe(3);
    const detail = await call(target, 'oa_getapprovaldetail', { token, body: { sp_no: list.json!.sp_no_list![0]! } });
    expect(detail.json?.info).toMatchObject({ sp_no: list.json!.sp_no_list![0], sp_record: expect.any(Array), apply_data: { contents: expect.any(Array) } });
    const t = await call(target, 'oa_gettemplatedetail', { token, body: { template_id: detail.json!.info!.template_id! } });
    expect(t.json?.template_content?.controls?.length).toBeGreaterThan(0);
    const legacy = await call(target, 'corp_getapprovaldata', { token, body: { starttime: now - 7 * DAY, endtime: now } });
    expect(legacy.json).toMatchObject({ count: 3, total: 3 });
    expect((await call(target, 'oa_getapprovalinfo', { token, body: { starttime: now - 40 * DAY, endtime: now } })).errcode).toBe(code('APPROVAL_INVALID_PARAMETER'));
    expect((await call(target, 'oa_getapprovalinfo', { token, body: { starttime: now - 7 * DAY, endtime: now, new_cursor: 'made-up' } })).errcode).toBe(code('APPROVAL_INVALID_PARAMETER'));
  });

  it('When a template is created and applied for, then apply_data is checked against it and each step emits sys_approval_change', async () => {
    const { corp, token, users } = await approvalCorp();
    const [creator, approver1, approver2, cc] = users as [string, string, string, string];
    const bad = await call(target, 'oa_approval_create_template', { unchecked: true, token, body: { template_name: zh('采购'), template_content: { controls: [{ property: { control: 'Slider', id: 'x', title: zh('x') } }] } } });
    expect(bad.errcode).toBe(code('APPROVAL_INVALID_PARAMETER'));
    const created = await call(target, 'oa_approval_create_template', {
      unchecked: true,
      token,
      body: {
        template_name: zh('采购'),
        template_content: {
          controls: [
            { property: { control: 'Text', id: 'Text-1', title: zh('物品'), require: 1 }, config: {} },
            { property: { control: 'Selector', id: 'Selector-1', title: zh('类别'), require: 0 }, config: { selector: { type: 'single', options: [{ key: 'o1', value: zh('办公') }, { key: 'o2', value: zh('生产') }] } } },
          ],
        },
      },
    });
    expect(created.errcode, created.text).toBe(0);
    const template_id = created.json!.template_id!;
    const process = { node_list: [{ type: 1, apv_rel: 1, userid: [approver1] }, { type: 1, apv_rel: 2, userid: [approver1, approver2] }, { type: 2, apv_rel: 1, userid: [cc] }] };
    const apply = (contents: unknown[], extra: Record<string, unknown> = {}) =>
      call(target, 'oa_applyevent', { unchecked: true, token, body: { creator_userid: creator, template_id, use_template_approver: 0, process, apply_data: { contents }, ...extra } });
    expect((await apply([])).errcode).toBe(code('APPROVAL_INVALID_PARAMETER'));
    expect((await apply([{ control: 'Text', id: 'Text-1', value: { text: '显示器' } }, { control: 'Selector', id: 'Selector-1', value: { selector: { type: 'single', options: [{ key: 'o9' }] } } }])).errcode).toBe(code('APPROVAL_INVALID_PARAMETER'));
    expect((await apply([{ control: 'Text', id: 'Text-1', value: { text: '显示器' } }], { use_template_approver: 1 })).errcode).toBe(code('APPROVAL_INVALID_PARAMETER'));
    expect((await apply([{ control: 'Text', id: 'Text-1', value: { text: '显示器' } }], { template_id: 'nope' })).errcode).toBe(code('INVALID_TEMPLATE_ID'));
    const { receiver } = await appReceiver(target, corp);
    try {
      const ok = await apply([{ control: 'Text', id: 'Text-1', value: { text: '显示器' } }, { control: 'Selector', id: 'Selector-1', value: { selector: { type: 'single', options: [{ key: 'o1' }] } } }]);
      expect(ok.errcode, ok.text).toBe(0);
      const sp_no = ok.json!.sp_no!;
      expect(sp_no).toMatch(/^\d{12}$/);
      const decide = (userid: string, action: string) => target.admin<{ sp_status: number }>('POST', `/__mock/corps/${corp.corpid}/approvals/${sp_no}/decide`, { userid, action });
      expect((await decide(approver2, 'approve')).status).toBe(409); // not their step yet
      expect((await decide(approver1, 'approve')).json.sp_status).toBe(1);
      expect((await decide(approver1, 'approve')).json.sp_status).toBe(1); // 会签: approver2 still to act
      expect((await decide(approver2, 'approve')).json.sp_status).toBe(2);
      const detail = await call(target, 'oa_getapprovaldetail', { token, body: { sp_no } });
      expect(detail.json?.info).toMatchObject({ sp_status: 2, notifyer: [{ userid: cc }], applyer: { userid: creator } });
      await drain(target, corp.corpid);
      const events = receiver.plaintexts().filter((x) => x.includes('sys_approval_change'));
      expect(events).toHaveLength(4);
      for (const xml of events) expect(checkWebhookXml(xml).errors).toEqual([]);
      expect(events.map((x) => /<StatuChangeEvent>(\d)<\/StatuChangeEvent>/.exec(x)?.[1])).toEqual(['1', '2', '2', '2']);
    } finally {
      await receiver.close();
    }
  });

  it('When a leave is approved, then it takes the balance, and overlapping leave is refused', async () => {
    const { corp, token, now, users } = await approvalCorp();
    const vtoken = token;
    const creator = users[2]!;
    const conf = await call(target, 'oa_vacation_getcorpconf', { token: vtoken });
    expect(conf.json?.lists?.map((v) => v.name)).toContain('年假');
    expect((await call(target, 'oa_vacation_setoneuserquota', { token: vtoken, body: { userid: creator, vacation_id: 1, leftduration: 3 * DAY, time_attr: 0 } })).errcode).toBe(0);
    expect((await call(target, 'oa_vacation_setoneuserquota', { token: vtoken, body: { userid: creator, vacation_id: 1, leftduration: 3600, time_attr: 0 } })).errcode).toBe(code('OA_INVALID_PARAMETER'));
    const templates = await call(target, 'corp_getapprovaldata', { token, body: { starttime: now - 7 * DAY, endtime: now } });
    const leaveSp = templates.json!.data!.find((d) => d.spname === '请假')!;
    const leaveTemplate = (await call(target, 'oa_getapprovaldetail', { token, body: { sp_no: String(leaveSp.sp_num) } })).json!.info!.template_id!;
    const begin = now + 10 * DAY;
    const leave = (from: number) => ({
      creator_userid: creator,
      template_id: leaveTemplate,
      use_template_approver: 1,
      apply_data: {
        contents: [
          { control: 'Vacation', id: 'vacation-1', value: { vacation: { selector: { type: 'single', options: [{ key: '1', value: zh('年假') }] }, attendance: { type: 1, date_range: { type: 'halfday', new_begin: from, new_end: from + 2 * DAY, new_duration: 2 * DAY } } } } },
          { control: 'Textarea', id: 'Textarea-reason', value: { text: '旅行' } },
        ],
      },
    });
    const r = await call(target, 'oa_applyevent', { unchecked: true, token, body: leave(begin) });
    expect(r.errcode, r.text).toBe(0);
    expect((await call(target, 'oa_applyevent', { unchecked: true, token, body: leave(begin + DAY) })).errcode).toBe(code('VACATION_TIME_CONFLICT'));
    const detail = await call(target, 'oa_getapprovaldetail', { token, body: { sp_no: r.json!.sp_no! } });
    const approver = detail.json!.info!.sp_record![0]!.details![0]!.approver!.userid!;
    expect((await target.admin('POST', `/__mock/corps/${corp.corpid}/approvals/${r.json!.sp_no}/decide`, { userid: approver, action: 'approve' })).status).toBe(200);
    const quota = await call(target, 'oa_vacation_getuservacationquota', { token: vtoken, body: { userid: creator } });
    expect(quota.json?.lists?.find((l) => l.id === 1)).toMatchObject({ usedduration: 2 * DAY, leftduration: DAY });
  });

  it('When the caller is not listed for 审批, then 301055 and 301062', async () => {
    const { corp } = await approvalCorp();
    await target.admin('PATCH', `/__mock/corps/${corp.corpid}/areas/approval`, { callable_agentids: [] });
    const app = await getToken(target, corp.corpid, corp.appSecret);
    expect((await call(target, 'oa_gettemplatedetail', { token: app, body: { template_id: 'x' } })).errcode).toBe(code('APPROVAL_NO_PRIVILEGE'));
    expect((await call(target, 'oa_vacation_getcorpconf', { token: app })).errcode).toBe(code('VACATION_NO_PRIVILEGE'));
  });

  it('When a third-party flow application changes, then getopenapprovaldata follows and open_approval_change is sent', async () => {
    const { corp, users } = await approvalCorp();
    const app = await getToken(target, corp.corpid, corp.appSecret);
    const created = await target.admin<{ thirdNo: string }>('POST', `/__mock/corps/${corp.corpid}/open-approvals`, { agentid: corp.agentid, thirdNo: 'T201806010001', applyer: users[0], approvers: [users[1]], notifyer: [users[2]] });
    expect(created.status).toBe(201);
    expect((await call(target, 'corp_getopenapprovaldata', { token: app, body: { thirdNo: 'T201806010001' } })).json?.data).toMatchObject({ ThirdNo: 'T201806010001', OpenSpstatus: 1, ApplyUserId: users[0] });
    await target.admin('POST', `/__mock/corps/${corp.corpid}/open-approvals/T201806010001/decide`, { userid: users[1], action: 'reject', speech: '预算不足' });
    const data = (await call(target, 'corp_getopenapprovaldata', { token: app, body: { thirdNo: 'T201806010001' } })).json!.data!;
    expect(data.OpenSpstatus).toBe(3);
    expect(data.ApprovalNodes?.ApprovalNode?.[0]?.Items?.Item?.[0]).toMatchObject({ ItemUserId: users[1], ItemStatus: 3, ItemSpeech: '预算不足' });
    expect((await call(target, 'corp_getopenapprovaldata', { token: app, body: { thirdNo: 'nope' } })).errcode).toBe(code('APPROVAL_INVALID_PARAMETER'));
  });

  it('When members apply for an advanced feature, then the ids page and a decision is final', async () => {
    const { corp, token, users } = await approvalCorp();
    for (let i = 0; i < 3; i++) await target.admin('POST', `/__mock/corps/${corp.corpid}/advanced-applies`, { userid: users[0], business_type: 1 });
    const p1 = await call(target, 'advanced_feature_get_apply_id_list', { token, body: { business_type: 1, userid: users[0], limit: 2, req_type: 1 } });
    expect(p1.json).toMatchObject({ has_more: true });
    const p2 = await call(target, 'advanced_feature_get_apply_id_list', { token, body: { business_type: 1, userid: users[0], limit: 2, req_type: 1, cursor: p1.json!.next_cursor! } });
    expect(p2.json).toMatchObject({ has_more: false, apply_id_list: [expect.any(String)] });
    // A cursor of another query (another req_type) is not this list's: 40058.
    expect((await call(target, 'advanced_feature_get_apply_id_list', { token, body: { business_type: 1, userid: users[0], limit: 2, req_type: 2, cursor: p1.json!.next_cursor! } })).errcode).toBe(code('INVALID_PARAMETER'));
    const id = p1.json!.apply_id_list![0]!;
    expect((await call(target, 'advanced_feature_set_approval_detail', { token, body: { apply_id: id, approval_id: 'A1', approval_status: 2 } })).errcode).toBe(0);
    expect((await call(target, 'advanced_feature_set_approval_detail', { token, body: { apply_id: id, approval_id: 'A1', approval_status: 3 } })).errcode).toBe(code('OPERATION_NO_PRIVILEGE'));
    const after = await call(target, 'advanced_feature_get_apply_id_list', { token, body: { business_type: 1, userid: users[0], req_type: 1 } });
    expect(after.json?.apply_id_list).not.toContain(id);
  });
});
