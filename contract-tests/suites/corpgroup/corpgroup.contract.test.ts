import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
/** A member of the corp the token belongs to. */
async function someUser(token: string): Promise<string> {
  const list = await call(base, 'user_simplelist', { token, query: { department_id: 1, fetch_child: 1 } });
  return list.json!.userlist![0]!.userid!;
}

describe.skipIf(!target.isMock)('企业互联 / 上下游 (corpgroup)', () => {
  it('When a member corp is linked with a shared app, then gettoken answers a token of the member corp that reads its contacts through that app', async () => {
    const parent = await target.newCorp();
    const member = await target.newCorp();
    const link = await target.admin<{ member_agentid: number }>('POST', '/__mock/corpgroup/links', { parent_corpid: parent.corpid, member_corpid: member.corpid, agentid: parent.agentid, business_type: 1 });
    expect(link.status).toBe(201);
    const events = await target.admin<{ events: { event: Record<string, unknown> }[] }>('GET', `/__mock/events?corpid=${member.corpid}`);
    expect(events.json.events.map((e) => e.event)).toContainEqual(expect.objectContaining({ Event: 'share_agent_change', AgentID: link.json.member_agentid }));
    const token = await getToken(base, parent.corpid, parent.appSecret);
    const shared = await call(base, 'corpgroup_corp_list_app_share_info', { token, body: { agentid: parent.agentid, business_type: 1, limit: 100 } });
    expect(shared.json).toMatchObject({ errcode: 0, ending: 1, corp_list: [{ corpid: member.corpid, agentid: link.json.member_agentid }] });
    const got = await call(base, 'corpgroup_corp_gettoken', { token, body: { corpid: member.corpid, business_type: 1, agentid: parent.agentid } });
    expect(got.errcode).toBe(0);
    const memberToken = got.json!.access_token!;
    const user = await call(base, 'user_get', { token: memberToken, query: { userid: await someUser(memberToken) } });
    expect(user.errcode).toBe(0);
    // A corp that is not a member, and an app that was not shared.
    const stranger = await target.newCorp();
    expect((await call(base, 'corpgroup_corp_gettoken', { token, body: { corpid: stranger.corpid, business_type: 1, agentid: parent.agentid } })).errcode).toBe(code('CHAIN_APP_NOT_SHARED'));
  });

  it('When a corp is linked as its own member or under a corp the mock does not know, then the control plane refuses it (400, 404)', async () => {
    const corp = await target.newCorp();
    const self = await target.admin<{ error: { code: string } }>('POST', '/__mock/corpgroup/links', { parent_corpid: corp.corpid, member_corpid: corp.corpid, agentid: corp.agentid });
    expect(self.status).toBe(400);
    expect(self.json.error.code).toBe('bad_body');
    const unknown = await target.admin<{ error: { code: string } }>('POST', '/__mock/corpgroup/links', { parent_corpid: 'wwnosuchcorp00000', member_corpid: corp.corpid, agentid: corp.agentid });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('corp_not_found');
  });

  it('When corps are imported into a chain, then the job settles on the clock, its result lists the bad rows and the chain and rules see the corps', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const chains = await call(base, 'corpgroup_corp_get_chain_list', { token, body: {} });
    expect(chains.json!.chains!.length).toBeGreaterThan(0);
    const chain_id = chains.json!.chains![0]!.chain_id!;
    const imp = await call(base, 'corpgroup_import_chain_contact', {
      token,
      body: {
        chain_id,
        contact_list: [
          { corp_name: '新学校', group_path: '华南区/深圳市', custom_id: 'S1', contact_info_list: [{ name: '张三', identity_type: 1, mobile: '13000000001', user_custom_id: '100' }] },
          { corp_name: '坏公司', custom_id: 'S2', contact_info_list: [{ name: '李四', identity_type: 1, mobile: '123' }] },
        ],
      },
    });
    expect(imp.errcode).toBe(0);
    const jobid = imp.json!.jobid!;
    expect((await call(base, 'corpgroup_getresult', { token, query: { jobid } })).json!.status).toBeLessThan(3);
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 60 });
    const res = await call(base, 'corpgroup_getresult', { token, query: { jobid } });
    expect(res.json).toMatchObject({ errcode: 0, status: 3, result: { chain_id, import_status: 2, fail_list: [{ corp_name: '坏公司', custom_id: 'S2' }] } });
    expect((await call(base, 'corpgroup_getresult', { token, query: { jobid: 'nope' } })).errcode).toBe(code('JOBID_NOT_FOUND'));

    const added = await call(base, 'corpgroup_rule_add_rule', {
      token,
      body: { chain_id, rule_info: { owner_corp_range: { userids: [await someUser(token)], departmentids: ['1'] }, member_corp_range: { groupids: ['华南区/深圳市'], corpids: [] } } },
    });
    expect(added.errcode).toBe(0);
    const rule_id = added.json!.rule_id!;
    expect((await call(base, 'corpgroup_rule_list_ids', { token, body: { chain_id } })).json!.rule_ids).toEqual([rule_id]);
    expect((await call(base, 'corpgroup_rule_get_rule_info', { token, body: { chain_id, rule_id } })).json!.rule_info!.member_corp_range!.groupids).toEqual(['华南区/深圳市']);
    expect((await call(base, 'corpgroup_rule_add_rule', { token, body: { chain_id, rule_info: { member_corp_range: { groupids: ['火星'] } } } })).errcode).toBe(code('CHAIN_INVALID_GROUP_ID'));
    expect((await call(base, 'corpgroup_rule_modify_rule', { token, body: { chain_id, rule_id: 999, rule_info: {} } })).errcode).toBe(code('CHAIN_INVALID_RULE_ID'));
    expect((await call(base, 'corpgroup_rule_delete_rule', { token, body: { chain_id, rule_id } })).errcode).toBe(0);
    expect((await call(base, 'corpgroup_rule_list_ids', { token, body: { chain_id } })).json!.rule_ids).toEqual([]);
    expect((await call(base, 'corpgroup_rule_list_ids', { token, body: { chain_id: 'nope' } })).errcode).toBe(code('CHAIN_INVALID_CHAIN_ID'));
  });

  it('When a member corp joins a chain and is removed, then the shared chain list follows', async () => {
    const parent = await target.newCorp();
    const member = await target.newCorp();
    await target.admin('POST', '/__mock/corpgroup/links', { parent_corpid: parent.corpid, member_corpid: member.corpid, agentid: parent.agentid, chain_id: 'Chdemo1', chain_name: '原材料供应链', custom_id: 'M1' });
    const token = await getToken(base, parent.corpid, parent.appSecret);
    expect((await call(base, 'corpgroup_get_corp_shared_chain_list', { token, body: { corpid: member.corpid } })).json!.chains).toEqual([{ chain_id: 'Chdemo1', chain_name: '原材料供应链' }]);
    expect((await call(base, 'corpgroup_corp_get_chain_user_custom_id', { token, body: { chain_id: 'Chdemo1', corpid: member.corpid, userid: await someUser(await getToken(base, member.corpid, member.appSecret)) } })).json).toMatchObject({ errcode: 0, user_custom_id: '' });
    expect((await call(base, 'corpgroup_corp_remove_corp', { token, body: { chain_id: 'Chdemo1', corpid: member.corpid } })).errcode).toBe(0);
    expect((await call(base, 'corpgroup_get_corp_shared_chain_list', { token, body: { corpid: member.corpid } })).json!.chains).toEqual([]);
    expect((await call(base, 'corpgroup_corp_remove_corp', { token, body: { chain_id: 'Chdemo1', corpid: member.corpid } })).errcode).toBe(code('CHAIN_CORP_NOT_IN_CHAIN'));
  });

  it('When a chain has groups and corps, then get_chain_group numbers them from the root and get_chain_corpinfo places each corp in its group', async () => {
    const parent = await target.newCorp({ scenario: 'empty' });
    const member = await target.newCorp();
    await target.admin('POST', '/__mock/corpgroup/links', { parent_corpid: parent.corpid, member_corpid: member.corpid, agentid: parent.agentid, chain_id: 'ChGroups', chain_name: '零售链', custom_id: 'M7', group_path: '华南区/深圳市' });
    const token = await getToken(base, parent.corpid, parent.appSecret);
    const all = await call(base, 'corpgroup_corp_get_chain_group', { token, body: { chain_id: 'ChGroups' } });
    expect(all.json).toMatchObject({
      errcode: 0,
      groups: [
        { groupid: 1, group_name: '零售链', parentid: 0, order: 1 },
        { groupid: 2, group_name: '华南区', parentid: 1, order: 1 },
        { groupid: 3, group_name: '深圳市', parentid: 2, order: 1 },
      ],
    });
    expect((await call(base, 'corpgroup_corp_get_chain_group', { token, body: { chain_id: 'ChGroups', groupid: 2 } })).json!.groups).toEqual([{ groupid: 3, group_name: '深圳市', parentid: 2, order: 1 }]);
    expect((await call(base, 'corpgroup_corp_get_chain_group', { token, body: { chain_id: 'ChGroups', groupid: 99 } })).errcode).toBe(code('CHAIN_INVALID_GROUP_ID'));
    expect((await call(base, 'corpgroup_corp_get_chain_group', { token, body: { chain_id: 'nope' } })).errcode).toBe(code('CHAIN_INVALID_CHAIN_ID'));

    const info = await call(base, 'corpgroup_corp_get_chain_corpinfo', { token, body: { chain_id: 'ChGroups', corpid: member.corpid } });
    expect(info.json).toMatchObject({ errcode: 0, custom_id: 'M7', groupid: 3, is_joined: true, qualification_status: 2 });
    // A rule may name the group by its number too.
    expect((await call(base, 'corpgroup_rule_add_rule', { token, body: { chain_id: 'ChGroups', rule_info: { member_corp_range: { groupids: ['3'] } } } })).errcode).toBe(0);
    expect((await call(base, 'corpgroup_corp_get_chain_corpinfo', { token, body: { chain_id: 'ChGroups', pending_corpid: 'wpnobody' } })).errcode).toBe(code('CHAIN_CORP_NOT_IN_CHAIN'));
    expect((await call(base, 'corpgroup_corp_get_chain_corpinfo', { token, body: { chain_id: 'ChGroups' } })).errcode).toBe(code('INVALID_PARAMETER'));
    // Imported corps that have not joined are found by their pending id, unverified.
    const demo = await target.newCorp();
    const dtoken = await getToken(base, demo.corpid, demo.appSecret);
    const chain_id = (await call(base, 'corpgroup_corp_get_chain_list', { token: dtoken, body: {} })).json!.chains![0]!.chain_id!;
    const groups = (await call(base, 'corpgroup_corp_get_chain_group', { token: dtoken, body: { chain_id } })).json!.groups!;
    expect(groups[0]).toMatchObject({ groupid: 1, parentid: 0 });
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups.slice(1)) expect(groups.some((p) => p.groupid === g.parentid)).toBe(true);
  });

  it('When a unionid is looked up, then pending ids are stable and malformed unionids get 610014', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const a = await call(base, 'corpgroup_unionid_to_pending_id', { token, body: { unionid: 'oAbc123', openid: 'o1' } });
    const b = await call(base, 'corpgroup_unionid_to_pending_id', { token, body: { unionid: 'oAbc123', openid: 'o1' } });
    expect(a.json!.pending_id).toBe(b.json!.pending_id);
    expect((await call(base, 'corpgroup_unionid_to_external_userid', { token, body: { unionid: 'no such!', openid: 'o1' } })).errcode).toBe(code('INVALID_UNIONID'));
    expect((await call(base, 'corpgroup_unionid_to_external_userid', { token, body: { unionid: 'oNobody', openid: 'o1' } })).json).toMatchObject({ errcode: 0, external_userid_info: [] });
  });
});
