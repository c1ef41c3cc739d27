/**
 * tmp_external_userid conversion: the app a meeting, form or smart sheet handed temporary ids to turns them
 * back — a customer's into its external_userid (with 客户联系 permission), another corp's member into
 * corpid + userid; ids of another app, business or kind are listed as invalid.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('idconvert/convert_tmp_external_userid', () => {
  it('When an app converts the temporary ids it was handed, then customers and members come back and the rest is invalid', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const cc = await getToken(target, corp.corpid, corp.raw!.secrets.customer_contact);
    const follow = await call(target, 'externalcontact_get_follow_user_list', { token: cc });
    const userid = (follow.json!['follow_user'] as string[])[0]!;
    const customers = (await call(target, 'externalcontact_list', { token: cc, query: { userid } })).json!['external_userid'] as string[];
    const issue = (b: Record<string, unknown>) =>
      target.admin<{ tmp_external_userid: string }>('POST', `/__mock/corps/${corp.corpid}/tmp-external-userids`, { agentid: corp.agentid, ...b });
    const customer = (await issue({ business_type: 1, user_type: 1, external_userid: customers[0] })).json.tmp_external_userid;
    const member = (await issue({ business_type: 1, user_type: 3, corpid: 'wwdownstream0000001', userid: 'lisi' })).json.tmp_external_userid;
    const form = (await issue({ business_type: 2, user_type: 1, external_userid: customers[0] })).json.tmp_external_userid;

    const asCustomers = await call(target, 'idconvert_convert_tmp_external_userid', { token, body: { business_type: 1, user_type: 1, tmp_external_userid_list: [customer, member, form, 'ouNOBODY'] } });
    expect(asCustomers.errcode).toBe(0);
    expect(asCustomers.json!['results']).toEqual([{ tmp_external_userid: customer, external_userid: customers[0] }]);
    expect(asCustomers.json!['invalid_tmp_external_userid_list']).toEqual([member, form, 'ouNOBODY']);
    const asMembers = await call(target, 'idconvert_convert_tmp_external_userid', { token, body: { business_type: 1, user_type: 3, tmp_external_userid_list: [member] } });
    expect(asMembers.json!['results']).toEqual([{ tmp_external_userid: member, corpid: 'wwdownstream0000001', userid: 'lisi' }]);
  });

  it('When the caller is not the app that got the ids, or has no 客户联系 permission, then it is refused', async () => {
    const corp = await target.newCorp();
    const contacts = await getToken(target, corp.corpid, corp.contactsSecret!);
    const body = { business_type: 3 as const, user_type: 1 as const, tmp_external_userid_list: ['ou1'] };
    expect((await call(target, 'idconvert_convert_tmp_external_userid', { token: contacts, body })).errcode).toBe(code('API_FORBIDDEN'));
    await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: corp.corpid, callable_agentids: [] });
    const app = await getToken(target, corp.corpid, corp.appSecret);
    expect((await call(target, 'idconvert_convert_tmp_external_userid', { token: app, body })).errcode).toBe(code('NO_PRIVILEGE'));
    const tooMany = await call(target, 'idconvert_convert_tmp_external_userid', { token: app, unchecked: true, body: { ...body, user_type: 2, tmp_external_userid_list: Array.from({ length: 101 }, (_, i) => `ou${i}`) } });
    expect(tooMany.errcode).toBe(code('INVALID_PARAMETER'));
  });
});
