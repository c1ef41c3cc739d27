import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

async function mailToken(): Promise<{ token: string; corpid: string; users: string[] }> {
  const { corp, token } = await areaCorp(target, 'exmail');
  return { token, corpid: corp.corpid, users: corp.raw!.sample_userids! };
}

describe.skipIf(!target.isMock)('邮件 (exmail)', () => {
  it('When a mail group is created, then get and search find it, update changes it, delete removes it', async () => {
    const { token, corpid } = await mailToken();
    const d = `${corpid.toLowerCase()}.wecom.work`;
    const groupid = `dev@${d}`;
    expect((await call(base, 'exmail_group_create', { token, body: { groupid, groupname: '研发', email_list: [`a@${d}`], allow_type: 0 } })).errcode).toBe(0);
    expect((await call(base, 'exmail_group_create', { token, body: { groupid, groupname: 'x', email_list: [`a@${d}`] } })).errcode).toBe(code('MAIL_GROUP_ADDRESS_TAKEN_BY_GROUP'));
    expect((await call(base, 'exmail_group_create', { token, body: { groupid: `empty@${d}`, groupname: 'x' } })).errcode).toBe(code('MAIL_GROUP_MEMBERS_EMPTY'));
    const got = await call(base, 'exmail_group_get', { token, query: { groupid } });
    expect(got.json).toMatchObject({ groupname: '研发', email_list: { list: [`a@${d}`] } });
    const found = await call(base, 'exmail_group_search', { token, query: { fuzzy: 1, groupid: 'dev' } });
    expect(found.json!.groups).toEqual([{ groupid, groupname: '研发' }]);
    await call(base, 'exmail_group_update', { token, body: { groupid, groupname: '研发部', email_list: { list: [`b@${d}`] } } });
    expect((await call(base, 'exmail_group_get', { token, query: { groupid } })).json).toMatchObject({ groupname: '研发部', email_list: { list: [`b@${d}`] } });
    expect((await call(base, 'exmail_group_delete', { token, body: { groupid } })).errcode).toBe(0);
    expect((await call(base, 'exmail_group_get', { token, query: { groupid } })).errcode).toBe(code('MAIL_GROUP_NOT_FOUND'));
  });

  it('When a public mailbox is created with an auth code, then the code is listed without its secret and can be deleted', async () => {
    const { token, corpid, users } = await mailToken();
    const email = `sales@${corpid.toLowerCase()}.wecom.work`;
    const made = await call(base, 'exmail_publicmail_create', { token, body: { email, name: '销售', userid_list: { list: [users[0]!] }, create_auth_code: 1, auth_code_info: { remark: 'r' } } });
    expect(made.errcode).toBe(0);
    const id = made.json!.id!;
    expect(made.json!.auth_code).toBeTruthy();
    expect((await call(base, 'exmail_publicmail_create', { token, body: { email, name: '其他' } })).errcode).toBe(code('MAIL_PUBLIC_MAILBOX_ADDRESS_EXISTED'));
    const got = await call(base, 'exmail_publicmail_get', { token, body: { id_list: [id] } });
    expect(got.json!.list![0]).toMatchObject({ id, email, name: '销售', userid_list: { list: [users[0]] } });
    const codes = await call(base, 'exmail_publicmail_get_auth_code_list', { token, body: { id } });
    expect(codes.json!.auth_code_list).toHaveLength(1);
    expect(codes.json!.auth_code_list![0]).not.toHaveProperty('auth_code');
    const acid = made.json!.auth_code_id!;
    expect((await call(base, 'exmail_publicmail_delete_auth_code', { token, body: { id, auth_code_id: acid } })).errcode).toBe(0);
    expect((await call(base, 'exmail_publicmail_delete_auth_code', { token, body: { id, auth_code_id: acid } })).errcode).toBe(code('MAIL_INVALID_PARAMETER'));
    expect((await call(base, 'exmail_publicmail_delete', { token, body: { id } })).errcode).toBe(0);
    expect((await call(base, 'exmail_publicmail_get', { token, body: { id_list: [id] } })).errcode).toBe(code('MAIL_PUBLIC_MAILBOX_NOT_FOUND'));
  });

  it('When the app sends a mail to a member, then their unread count grows and the app lists and reads the mail', async () => {
    const { token, users } = await mailToken();
    const u = users[0]!;
    const before = (await call(base, 'exmail_mail_get_newcount', { token, body: { userid: u } })).json!.count!;
    const now = Math.floor(Date.now() / 1000);
    expect((await call(base, 'exmail_app_compose_send', { token, body: { to: { userids: [u] }, subject: '周报', content: '正文' } })).errcode).toBe(0);
    expect((await call(base, 'exmail_mail_get_newcount', { token, body: { userid: u } })).json!.count).toBe(before + 1);
    const list = await call(base, 'exmail_app_get_mail_list', { token, body: { begin_time: now - 3600, end_time: now + 3600 } });
    expect(list.json!.mail_list).toHaveLength(1);
    const read = await call(base, 'exmail_app_read_mail', { token, body: { mail_id: list.json!.mail_list![0]!.mail_id! } });
    expect(read.json!.mail_data).toContain('正文');
    expect((await call(base, 'exmail_app_compose_send', { token, body: { to: { userids: ['nobody-here'] }, subject: 's' } })).errcode).toBe(code('USERID_NOT_FOUND'));
  });

  it('When VIP seats are granted, then the list pages them and unknown members fail', async () => {
    const { token, users } = await mailToken();
    const add = await call(base, 'exmail_vip_batch_add', { token, body: { userid_list: [users[0]!, users[1]!, 'ghost'] } });
    expect(add.json).toMatchObject({ succ_userid_list: [users[0], users[1]], fail_userid_list: ['ghost'] });
    const p1 = await call(base, 'exmail_vip_list', { token, body: { limit: 1 } });
    expect(p1.json).toMatchObject({ has_more: true, userid_list: [users[0]] });
    const p2 = await call(base, 'exmail_vip_list', { token, body: { limit: 1, cursor: p1.json!.next_cursor! } });
    expect(p2.json).toMatchObject({ has_more: false, userid_list: [users[1]] });
    const opts = await call(base, 'exmail_useroption_update', { token, body: { userid: users[0]!, option: { list: [{ type: 2, value: '1' }] } } });
    expect(opts.errcode).toBe(0);
    expect((await call(base, 'exmail_useroption_get', { token, body: { userid: users[0]!, type: [1, 2] } })).json!.option!.list).toEqual([{ type: 1, value: '0' }, { type: 2, value: '1' }]);
  });
});
