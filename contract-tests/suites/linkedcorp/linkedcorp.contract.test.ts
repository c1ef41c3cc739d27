import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

describe.skipIf(!target.isMock)('互联企业 (linkedcorp)', () => {
  it('When another corp is linked with its whole directory, then its departments and members read with LINKEDID/ and CORPID/ ids', async () => {
    const corp = await target.newCorp();
    const other = await target.newCorp();
    const link = await target.admin<{ linked_id: string }>('POST', '/__mock/linkedcorp/links', { corpid: corp.corpid, linked_corpid: other.corpid });
    expect(link.status).toBe(201);
    const linked = link.json.linked_id;
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const perm = await call(base, 'linkedcorp_agent_get_perm_list', { token, body: {} });
    expect(perm.json).toMatchObject({ errcode: 0, userids: [], department_ids: [`${linked}/1`] });
    const depts = await call(base, 'linkedcorp_department_list', { token, body: { department_id: `${linked}/1` } });
    expect(depts.json!.department_list![0]).toMatchObject({ department_id: '1', parentid: '0' });
    const all = await call(base, 'linkedcorp_user_simplelist', { token, body: { department_id: `${linked}/1`, fetch_child: true } });
    const first = all.json!.userlist![0]!;
    expect(first.corpid).toBe(other.corpid);
    expect(first.department![0]).toMatch(new RegExp(`^${linked}/\\d+$`));
    const rootOnly = await call(base, 'linkedcorp_user_list', { token, body: { department_id: `${linked}/1`, fetch_child: false } });
    expect(rootOnly.json!.userlist!.length).toBeLessThanOrEqual(all.json!.userlist!.length);
    const user = await call(base, 'linkedcorp_user_get', { token, body: { userid: `${other.corpid}/${first.userid}` } });
    expect(user.json).toMatchObject({ errcode: 0, user_info: { userid: first.userid, corpid: other.corpid } });
    expect((await call(base, 'linkedcorp_user_get', { token, body: { userid: `${other.corpid}/nobody_here` } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(base, 'linkedcorp_user_get', { token, body: { userid: 'no-slash' } })).errcode).toBe(code('INVALID_USERID'));
    expect((await call(base, 'linkedcorp_department_list', { token, body: { department_id: 'wlnope/1' } })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
  });

  it('When a corp is linked to itself or to a corp the mock does not know, then the control plane refuses it (400, 404)', async () => {
    const corp = await target.newCorp();
    const self = await target.admin<{ error: { code: string } }>('POST', '/__mock/linkedcorp/links', { corpid: corp.corpid, linked_corpid: corp.corpid });
    expect(self.status).toBe(400);
    expect(self.json.error.code).toBe('bad_body');
    const unknown = await target.admin<{ error: { code: string } }>('POST', '/__mock/linkedcorp/links', { corpid: corp.corpid, linked_corpid: 'wwnosuchcorp00000' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('corp_not_found');
  });

  it('When a link shares one member only, then that member reads and the departments answer 60011', async () => {
    const corp = await target.newCorp();
    const other = await target.newCorp();
    const otherToken = await getToken(base, other.corpid, other.appSecret);
    const users = (await call(base, 'user_simplelist', { token: otherToken, query: { department_id: 1, fetch_child: 1 } })).json!.userlist!;
    const [a, b] = [users[0]!.userid!, users[1]!.userid!];
    const link = await target.admin<{ linked_id: string }>('POST', '/__mock/linkedcorp/links', { corpid: corp.corpid, linked_corpid: other.corpid, userids: [a] });
    const token = await getToken(base, corp.corpid, corp.appSecret);
    expect((await call(base, 'linkedcorp_agent_get_perm_list', { token, body: {} })).json).toMatchObject({ userids: [`${other.corpid}/${a}`], department_ids: [] });
    expect((await call(base, 'linkedcorp_user_get', { token, body: { userid: `${other.corpid}/${a}` } })).errcode).toBe(0);
    expect((await call(base, 'linkedcorp_user_get', { token, body: { userid: `${other.corpid}/${b}` } })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await call(base, 'linkedcorp_user_simplelist', { token, body: { department_id: `${link.json.linked_id}/1` } })).errcode).toBe(code('NO_PRIVILEGE'));
  });
});
