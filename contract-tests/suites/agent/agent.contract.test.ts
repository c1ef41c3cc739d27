/** 应用管理: agent/get|list|set, workbench templates, menus and the simulated menu clicks (doc path/90227, 90228, 90231–90233, 92535). */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();

describe('agent', () => {
  it('When an app reads itself, then agent/get answers its visible range and agent/list only itself', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const r = await call(target, 'agent_get', { token, query: { agentid: corp.agentid } });
    expect(r.errcode, r.text).toBe(0);
    expect(r.json).toMatchObject({ agentid: corp.agentid, allow_partys: { partyid: expect.any(Array) }, allow_userinfos: { user: expect.any(Array) }, allow_tags: { tagid: expect.any(Array) } });
    const list = await call(target, 'agent_list', { token });
    expect(list.json?.agentlist?.map((a) => a.agentid)).toEqual([corp.agentid]);
    expect((await call(target, 'agent_get', { token, query: { agentid: 999 } })).errcode).toBe(code('INVALID_AGENTID'));
    const contacts = await getToken(target, corp.corpid, corp.contactsSecret!);
    expect((await call(target, 'agent_list', { token: contacts })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it('When agent/set changes the app, then agent/get shows it and bad values get their codes', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const set = await call(target, 'agent_set', { token, body: { agentid: corp.agentid, name: '财经助手', description: '内部财经服务平台', redirect_domain: 'app.example.test', home_url: 'https://app.example.test/', isreportenter: 1 } });
    expect(set.errcode, set.text).toBe(0);
    const r = await call(target, 'agent_get', { token, query: { agentid: corp.agentid } });
    expect(r.json).toMatchObject({ name: '财经助手', description: '内部财经服务平台', redirect_domain: 'app.example.test', home_url: 'https://app.example.test/', isreportenter: 1 });
    expect((await call(target, 'agent_set', { token, body: { agentid: corp.agentid, description: '短' } })).errcode).toBe(code('INVALID_APP_DESCRIPTION_LENGTH'));
    expect((await call(target, 'agent_set', { token, body: { agentid: corp.agentid, name: '' } })).errcode).toBe(code('INVALID_APP_NAME_LENGTH'));
    expect((await call(target, 'agent_set', { token, body: { agentid: corp.agentid, logo_mediaid: 'nope' } })).errcode).toBe(code('INVALID_MEDIA_ID'));
  });

  it('When the workbench template is set, then data follows its type and needs a template first', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const userid = corp.raw!.sample_userids![0]!;
    const agentid = corp.agentid;
    expect((await call(target, 'agent_set_workbench_data', { token, body: { agentid, userid, type: 'keydata', keydata: { items: [{ key: '待办', data: '2' }] } } })).errcode).toBe(code('WORKBENCH_TEMPLATE_TYPE_NOT_SET'));
    expect((await call(target, 'agent_set_workbench_template', { token, body: { agentid, type: 'banner' } })).errcode).toBe(code('WORKBENCH_INVALID_TYPE'));
    const items = [1, 2, 3, 4, 5].map((i) => ({ key: `k${i}`, data: String(i) }));
    expect((await call(target, 'agent_set_workbench_template', { token, body: { agentid, type: 'keydata', keydata: { items } } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(target, 'agent_set_workbench_template', { token, body: { agentid, type: 'keydata', keydata: { items: items.slice(0, 4) }, replace_user_data: true } })).errcode).toBe(0);
    const got = await call(target, 'agent_get_workbench_template', { token, body: { agentid } });
    expect(got.json).toMatchObject({ type: 'keydata', keydata: { items: items.slice(0, 4) }, replace_user_data: true });
    expect((await call(target, 'agent_set_workbench_data', { token, body: { agentid, userid, type: 'image', image: { url: 'https://x.test/a.png' } } })).errcode).toBe(code('WORKBENCH_INVALID_TYPE'));
    expect((await call(target, 'agent_set_workbench_data', { token, body: { agentid, userid, type: 'keydata', keydata: { items: [{ key: '待办', data: '2' }] } } })).errcode).toBe(0);
    expect((await call(target, 'agent_set_workbench_data', { token, body: { agentid, userid: 'ghost', type: 'keydata', keydata: { items: [{ key: '待办', data: '2' }] } } })).errcode).toBe(code('USERID_NOT_FOUND'));
  });

  it("When a menu is published, read and deleted, then WeCom's limits apply and only its buttons can be clicked", async () => {
    const corp = await target.newCorp({ scenario: 'typical' });
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const agentid = corp.agentid;
    const userid = corp.raw!.sample_userids![0]!;
    const create = (button: unknown[]) => call(target, 'menu_create', { unchecked: true, token, query: { agentid }, body: { button } });
    expect((await create([])).errcode).toBe(code('INVALID_BUTTON_COUNT'));
    expect((await create([1, 2, 3, 4].map((i) => ({ type: 'click', name: `b${i}`, key: `k${i}` })))).errcode).toBe(code('INVALID_BUTTON_COUNT'));
    expect((await create([{ name: '菜单', sub_button: [1, 2, 3, 4, 5, 6].map((i) => ({ type: 'click', name: `s${i}`, key: `k${i}` })) }])).errcode).toBe(code('INVALID_SUB_BUTTON_COUNT'));
    expect((await create([{ type: 'click', name: '一二三四五六', key: 'k' }])).errcode).toBe(code('INVALID_BUTTON_NAME_LENGTH'));
    expect((await create([{ type: 'dance', name: 'x', key: 'k' }])).errcode).toBe(code('INVALID_BUTTON_TYPE'));
    expect((await create([{ type: 'click', name: 'x' }])).errcode).toBe(code('BUTTON_KEY_MISSING'));
    expect((await create([{ name: 'm', sub_button: [{ name: 's', sub_button: [] }] }])).errcode).toBe(code('INVALID_SUB_MENU_LEVEL'));
    expect((await create([{ type: 'view', name: 'x', url: 'ftp://x' }])).errcode).toBe(code('INVALID_BUTTON_URL_DOMAIN'));
    const menu = [{ type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC' }, { name: '菜单', sub_button: [{ type: 'view', name: '搜索', url: 'http://www.soso.com/' }] }];
    expect((await create(menu)).errcode).toBe(0);
    expect((await call(target, 'menu_get', { token, query: { agentid } })).json?.button).toEqual(menu);
    // A click needs a button of the menu.
    const click = (fields: Record<string, unknown>) => target.admin<{ event?: Record<string, unknown>; error?: string }>('POST', '/__mock/simulate/event', { corpid: corp.corpid, agentid, userid, event: 'click', fields, allow_undelivered: true });
    const ok = await click({});
    expect(ok.status).toBe(201);
    expect(ok.json.event).toMatchObject({ Event: 'click', EventKey: 'V1001_TODAY_MUSIC' });
    expect((await click({ EventKey: 'NOT_IN_MENU' })).status).toBe(409);
    expect((await target.admin('POST', '/__mock/simulate/event', { corpid: corp.corpid, agentid, userid, event: 'scancode_push', allow_undelivered: true })).status).toBe(409);
    expect((await call(target, 'menu_delete', { token, query: { agentid } })).errcode).toBe(0);
    expect((await call(target, 'menu_get', { token, query: { agentid } })).errcode).toBe(code('MENU_NOT_SET'));
    expect((await click({})).status).toBe(409);
  });
});
