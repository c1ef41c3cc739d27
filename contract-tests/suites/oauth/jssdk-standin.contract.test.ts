/**
 * The JS-SDK stand-in's answers (POST /wwopen/js/wecom-mock/invoke, what the served script posts): config and
 * agentConfig against the live tickets, the agentConfig version and client rules (doc path/94313), and the
 * customer APIs' identity, permission and entry rules (doc path/96918, 98531, 98539) with WeCom's errMsg words.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, getToken } from '../../harness/client.js';
import { withInstalled } from '../provider/helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;

/** The harness's own signature, independent of the mock's code. */
function sign(ticket: string, nonceStr: string, timestamp: number, url: string): string {
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url.split('#')[0]!}`).digest('hex');
}

interface Answer {
  errMsg: string;
  err_msg: string;
  errCode: number;
  problems: string[];
  userId?: string;
  chatId?: string;
  result?: { departmentList: Array<{ id: string; name?: string }>; userList: Array<{ id: string; name: string }> };
}

const WXWORK = (v: string) => `Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) wxwork/${v} MicroMessenger/7.0.1`;
const WECHAT = 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI';

describe.skipIf(!target.isMock)('JS-SDK stand-in', () => {
  let corp: TestCorp;
  let url: string;
  let config: { timestamp: number; nonceStr: string; signature: string };
  let agentConfig: { agentid: number; timestamp: number; nonceStr: string; signature: string };
  let follower: string;
  let customer: string;
  let chatId: string;

  const invoke = async (api: string, extra: Record<string, unknown> = {}): Promise<Answer> => {
    const r = await fetch(`${base}/wwopen/js/wecom-mock/invoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'http://app.example.test' },
      body: JSON.stringify({ corpid: corp.corpid, url, api, config, agentConfig, user_agent: WXWORK('4.1.0'), ...extra }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    return (await r.json()) as Answer;
  };
  const context = async (body: Record<string, unknown>) => {
    const r = await target.admin<{ error?: { message: string } }>('POST', '/__mock/jssdk/context', { corpid: corp.corpid, ...body });
    return r;
  };
  const callable = (ids: number[]) => target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: corp.corpid, callable_agentids: ids });

  beforeAll(async () => {
    corp = await target.newCorp();
    url = `http://${corp.raw!.apps[0]!.trusted_domain}/sidebar?x=1`;
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const corpTicket = (await call(base, 'get_jsapi_ticket', { token })).json?.['ticket'] as string;
    const appTicket = (await call(base, 'ticket_get', { token, query: { type: 'agent_config' } })).json?.['ticket'] as string;
    config = { timestamp: 1700000000, nonceStr: 'n1', signature: sign(corpTicket, 'n1', 1700000000, url) };
    agentConfig = { agentid: corp.agentid, timestamp: 1700000001, nonceStr: 'n2', signature: sign(appTicket, 'n2', 1700000001, url) };
    // A member with customers and one of the corp's customer groups, read through the 客户联系 secret.
    const cc = await getToken(base, corp.corpid, corp.raw!.secrets.customer_contact!);
    const followers = (await call(base, 'externalcontact_get_follow_user_list', { token: cc })).json?.follow_user ?? [];
    for (const u of followers) {
      const list = (await call(base, 'externalcontact_list', { token: cc, query: { userid: u } })).json?.external_userid ?? [];
      if (list.length > 0) {
        follower = u;
        customer = list[0]!;
        break;
      }
    }
    chatId = (await call(base, 'externalcontact_groupchat_list', { token: cc, body: { limit: 10 } })).json?.group_chat_list?.[0]?.chat_id as string;
    expect(follower && customer && chatId).toBeTruthy();
  });

  it('When wx.config is signed with the live corp ticket on the trusted page, then config:ok; a wrong signature answers config:invalid signature', async () => {
    expect((await invoke('config')).errMsg).toBe('config:ok');
    const bad = await invoke('config', { config: { ...config, signature: 'x'.repeat(40) } });
    expect(bad.errMsg).toBe('config:invalid signature');
    expect(bad.errCode).not.toBe(0);
  });

  it('When agentConfig comes from WeCom before 2.5.0 or from WeChat, then it fails with function not exist', async () => {
    expect((await invoke('agentConfig', { user_agent: WXWORK('2.4.9') })).errMsg).toBe('agentConfig:fail function not exist');
    expect((await invoke('agentConfig', { user_agent: WECHAT })).errMsg).toBe('agentConfig:fail function not exist');
    expect((await invoke('agentConfig', { user_agent: WXWORK('2.5.0') })).errMsg).toBe('agentConfig:ok');
  });

  it('When agentConfig comes without a successful config, then WeCom before 3.0.24 refuses it and 3.0.24 accepts it alone', async () => {
    const old = await invoke('agentConfig', { config: undefined, user_agent: WXWORK('3.0.23') });
    expect(old.errMsg).toMatch(/^agentConfig:fail/);
    expect(old.problems.join(' ')).toContain('3.0.24');
    expect((await invoke('agentConfig', { config: undefined, user_agent: WXWORK('3.0.24') })).errMsg).toBe('agentConfig:ok');
    expect((await invoke('agentConfig', { config: { ...config, nonceStr: 'other' }, user_agent: WXWORK('3.0.23') })).errMsg).toMatch(/^agentConfig:fail/);
  });

  it('When the page asks for the current customer, then the identity, permission and entry rules apply in order', async () => {
    expect((await context({ userid: follower, entry: 'single_chat_tools', external_userid: customer })).status).toBe(200);
    // Without the app identity (agentConfig) → no permission.
    expect((await invoke('getCurExternalContact', { agentConfig: undefined })).errMsg).toBe('getCurExternalContact:fail no permission');
    // The app is not a 可调用应用 of customer contact → no permission.
    expect((await callable([])).status).toBe(200);
    expect((await invoke('getCurExternalContact')).errMsg).toBe('getCurExternalContact:fail no permission');
    expect((await callable([corp.agentid])).status).toBe(200);
    const ok = await invoke('getCurExternalContact');
    expect(ok).toMatchObject({ errMsg: 'getCurExternalContact:ok', err_msg: 'getCurExternalContact:ok', errCode: 0, userId: customer });
    // From the workbench (no customer on screen) → without context of external contact.
    expect((await context({ entry: 'normal' })).status).toBe(200);
    expect((await invoke('getCurExternalContact')).errMsg).toBe('getCurExternalContact:fail without context of external contact');
    // A member whose customer-contact feature is off → no permission.
    expect((await context({ entry: 'contact_profile' })).status).toBe(200);
    await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: corp.corpid, member_feature: { [follower]: false } });
    expect((await invoke('getCurExternalContact')).errMsg).toBe('getCurExternalContact:fail no permission');
    await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: corp.corpid, member_feature: { [follower]: true } });
    expect((await invoke('getCurExternalContact', { user_agent: WECHAT })).errMsg).toBe('getCurExternalContact:fail function not exist');
  });

  it('When the page is open in a customer group, then getCurExternalChat answers its chat_id and sendChatMessage lands in that group', async () => {
    await callable([corp.agentid]);
    expect((await context({ userid: follower, entry: 'group_chat_tools', chat_id: chatId })).status).toBe(200);
    expect(await invoke('getCurExternalChat')).toMatchObject({ errMsg: 'getCurExternalChat:ok', chatId });
    expect((await invoke('getCurExternalContact')).errMsg).toBe('getCurExternalContact:fail without context of external contact');
    const sent = await invoke('sendChatMessage', { args: { msgtype: 'text', text: { content: 'hello from the sidebar' } } });
    expect(sent.errMsg).toBe('sendChatMessage:ok');
    expect((await invoke('sendChatMessage', { args: { msgtype: 'voice' } })).errMsg).toBe('sendChatMessage:fail invalid msgtype');
    const view = await target.admin<{ sent: Array<{ to: string; msgtype: string; message: { content: string } }> }>('GET', `/__mock/jssdk/context?corpid=${corp.corpid}`);
    expect(view.json.sent.at(-1)).toMatchObject({ to: chatId, msgtype: 'text', message: { content: 'hello from the sidebar' } });
  });

  it('When the page picks members with corp identity only, then existing preselected ones come back; unknown ids are dropped; single mode keeps one', async () => {
    const ok = await invoke('selectEnterpriseContact', {
      agentConfig: undefined,
      args: { fromDepartmentId: -1, mode: 'multi', type: ['user', 'department'], selectedUserIds: [follower, 'nobody_here'], selectedDepartmentIds: ['1'] },
    });
    expect(ok.errMsg).toBe('selectEnterpriseContact:ok');
    expect(ok.result!.userList.map((u) => u.id)).toEqual([follower]);
    expect(ok.result!.departmentList.map((d) => d.id)).toEqual(['1']);
    const single = await invoke('selectEnterpriseContact', { agentConfig: undefined, args: { mode: 'single', type: ['user', 'department'], selectedUserIds: [follower], selectedDepartmentIds: ['1'] } });
    expect(single.result!.userList.length + single.result!.departmentList.length).toBe(1);
    const unsigned = await invoke('selectEnterpriseContact', { config: undefined, agentConfig: undefined, args: { mode: 'single', type: ['user'] } });
    expect(unsigned.errMsg).toBe('selectEnterpriseContact:fail no permission');
  });

  it('When openUserProfile names a member or a customer, then ok; an unknown id fails', async () => {
    expect((await invoke('openUserProfile', { args: { type: 1, userid: follower } })).errMsg).toBe('openUserProfile:ok');
    expect((await invoke('openUserProfile', { args: { type: 2, userid: customer } })).errMsg).toBe('openUserProfile:ok');
    expect((await invoke('openUserProfile', { args: { type: 1, userid: 'nobody_here' } })).errMsg).toMatch(/^openUserProfile:fail/);
  });

  it('When the context names a customer the member does not follow, or an unknown corp calls, then the mock refuses with the reason', async () => {
    const r = await context({ external_userid: 'wmNOTACUSTOMER' });
    expect(r.status).toBe(400);
    const bad = await fetch(`${base}/wwopen/js/wecom-mock/invoke`, { method: 'POST', body: JSON.stringify({ corpid: 'wwnone', url, api: 'config' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('unknown_corp');
  });

  it('When a page loads the script from a WeCom script path, then it is JavaScript defining wx and ww', async () => {
    for (const p of ['/wwopen/js/jwxwork-1.0.0.js', '/open/js/jweixin-1.2.0.js', '/wwopen/js/jsapi/jweixin-1.0.0.js', '/node/open/js/wecom-jssdk-2.0.2.js']) {
      const r = await fetch(`${base}${p}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/javascript/);
      const text = await r.text();
      expect(text).toContain('g.wx = wx');
      expect(text).toContain('/wwopen/js/wecom-mock/invoke');
    }
  });

});

describe.skipIf(!target.isMock)('JS-SDK stand-in for a third-party app', () => {
  it('When a third-party app asks for the current customer, then it needs 企业客户权限 and gets its provider’s external_userid', () =>
    withInstalled(target, async (s) => {
      const corpid = s.corp.corpid;
      const who = s.corp.raw!.sample_userids![0]!;
      const add = await target.admin<{ external_userid: string }>('POST', '/__mock/simulate/customer-adds', { corpid, userid: who });
      expect(add.status, JSON.stringify(add.json)).toBe(201);
      expect((await target.admin('POST', '/__mock/jssdk/context', { corpid, userid: who, entry: 'single_chat_tools', external_userid: add.json.external_userid })).status).toBe(200);
      const app = await target.admin<{ trusted_domain: string }>('PATCH', `/__mock/corps/${corpid}/apps/${s.agentid}`, { trusted_domain: 'isv.example.test' });
      expect(app.status, JSON.stringify(app.json)).toBe(200);
      const url = 'https://isv.example.test/sidebar';
      const ticket = (await call(base, 'ticket_get', { token: s.corpToken, query: { type: 'agent_config' } })).json?.['ticket'] as string;
      expect(ticket).toBeTruthy();
      const invoke = async (api: string): Promise<Answer> => {
        const r = await fetch(`${base}/wwopen/js/wecom-mock/invoke`, {
          method: 'POST',
          body: JSON.stringify({
            corpid,
            url,
            api,
            user_agent: WXWORK('4.1.0'),
            agentConfig: { agentid: s.agentid, timestamp: 1700000002, nonceStr: 'n3', signature: sign(ticket, 'n3', 1700000002, url) },
          }),
        });
        return (await r.json()) as Answer;
      };
      // agentConfig alone (WeCom 3.0.24+) is enough for the app identity.
      expect((await invoke('agentConfig')).errMsg).toBe('agentConfig:ok');
      const before = await target.admin<{ callable_agentids: number[] }>('GET', `/__mock/externalcontact/settings?corpid=${corpid}`);
      await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid, callable_agentids: before.json.callable_agentids.filter((a) => a !== s.agentid) });
      const refused = await invoke('getCurExternalContact');
      expect(refused.errMsg).toBe('getCurExternalContact:fail no permission');
      expect(refused.problems.join(' ')).toContain('企业客户权限');
      await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid, callable_agentids: [...before.json.callable_agentids, s.agentid] });
      const ok = await invoke('getCurExternalContact');
      expect(ok.errMsg).toBe('getCurExternalContact:ok');
      // The provider's own id of that customer, as its server API calls name it — not the corp's.
      expect(ok.userId).not.toBe(add.json.external_userid);
      const cipher = (await call(base, 'externalcontact_get_follow_user_list', { token: s.corpToken })).json?.follow_user ?? [];
      const seen: string[] = [];
      for (const u of cipher) seen.push(...((await call(base, 'externalcontact_list', { token: s.corpToken, query: { userid: u } })).json?.external_userid ?? []));
      expect(seen).toContain(ok.userId);
    }));
});
