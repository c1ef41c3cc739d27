/**
 * Member reads and helpers: user/simplelist, user/list, id conversions, lookups by mobile and email,
 * second factor (authsucc, get_tfa_info, tfa_succ), active stats, batch/invite, the join QR code.
 * Mock only: the cases set up their own members.
 */
import { describe, expect } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { contactsCorp, contactsIt, member } from './helpers.js';

const target = await suiteTarget();
const it = contactsIt(target);

describe.skipIf(!target.isMock)('user/simplelist and user/list', () => {
  it('When a department is listed with and without fetch_child, then its own members or those of its subtree come back once each', async () => {
    const c = await contactsCorp(target, { scenario: 'empty' });
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'A', parentid: 1 } })).json?.['id'] as number;
    const b = (await call(target, 'department_create', { token: c.sync, body: { name: 'B', parentid: a } })).json?.['id'] as number;
    await call(target, 'user_create', { token: c.sync, body: member('ina', { department: [a] }) });
    await call(target, 'user_create', { token: c.sync, body: member('inb', { department: [b] }) });
    await call(target, 'user_create', { token: c.sync, body: member('both', { department: [a, b] }) });
    const own = await call(target, 'user_simplelist', { token: c.app, query: { department_id: a } });
    expect(own.errcode).toBe(0);
    expect((own.json?.['userlist'] as Array<{ userid: string }>).map((u) => u.userid).sort()).toEqual(['both', 'ina']);
    const sub = await call(target, 'user_simplelist', { token: c.app, query: { department_id: a, fetch_child: 1 } });
    const rows = sub.json?.['userlist'] as Array<Record<string, unknown>>;
    expect(rows.map((u) => u['userid']).sort()).toEqual(['both', 'ina', 'inb']);
    expect(rows.find((u) => u['userid'] === 'both')).toEqual({ userid: 'both', name: 'N both', department: [a, b], open_userid: expect.any(String) });

    const list = await call(target, 'user_list', { token: c.app, query: { department_id: a, fetch_child: 1 } });
    const full = list.json?.['userlist'] as Array<Record<string, unknown>>;
    expect(full).toHaveLength(3);
    expect(full[0]).toMatchObject({ userid: expect.any(String), name: expect.any(String), department: expect.any(Array), status: 4 });
    // Self-built apps do not get the fields WeCom withholds since 2022.
    for (const f of ['mobile', 'email', 'gender', 'avatar']) expect(full[0]).not.toHaveProperty(f);
  });

  it('When the department is unknown or missing, then 60123 or 41019 with an empty userlist', async ({ c }) => {
    const r = await call(target, 'user_simplelist', { token: c.app, query: { department_id: 999999 } });
    expect(r.errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect(r.json?.['userlist']).toEqual([]);
    expect((await call(target, 'user_list', { token: c.app })).errcode).toBe(code('DEPARTMENT_MISSING'));
  });

  it('When the contacts-sync token calls them under the 2022 rules, then 48009; with the rules off it may', async ({ c }) => {
    expect((await call(target, 'user_simplelist', { token: c.sync, query: { department_id: 1 } })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await call(target, 'user_list', { token: c.sync, query: { department_id: 1 } })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    const old = await contactsCorp(target, { settings: { post2022_rules: false } });
    const r = await call(target, 'user_list', { token: old.sync, query: { department_id: 1, fetch_child: 1 } });
    expect(r.errcode).toBe(0);
    expect((r.json?.['userlist'] as unknown[]).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!target.isMock)('user/list_id while the directory changes', () => {
  it('When members are created and deleted between pages, then every member present throughout is listed exactly once per department', async ({ c }) => {
    for (const u of ['p1', 'p2', 'p3']) await call(target, 'user_create', { token: c.sync, body: member(u, { department: [1, 2] }) });
    const first = await call(target, 'user_list_id', { token: c.sync, body: { limit: 5 } });
    expect(first.errcode).toBe(0);
    const seen = (first.json?.['dept_user'] as Array<{ userid: string; department: number }>).map((r) => `${r.userid}/${r.department}`);
    // Changes between pages: a member ahead of the cursor goes, a new one comes.
    await call(target, 'user_delete', { token: c.sync, query: { userid: 'p3' } });
    await call(target, 'user_create', { token: c.sync, body: member('p4') });
    let cursor = first.json?.['next_cursor'] as string;
    while (cursor) {
      const r = await call(target, 'user_list_id', { token: c.sync, body: { cursor, limit: 5 } });
      expect(r.errcode).toBe(0);
      seen.push(...(r.json?.['dept_user'] as Array<{ userid: string; department: number }>).map((x) => `${x.userid}/${x.department}`));
      cursor = r.json?.['next_cursor'] as string;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const row of ['p1/1', 'p1/2', 'p2/1', 'p2/2']) expect(seen).toContain(row);
  });

  it('When limit is above 10,000, then 40058; limit 0 means "not set" (the default page)', async ({ c }) => {
    // limit ranges 1–10,000 (developer.work.weixin.qq.com/document/path/96067); 0 is a Go SDK's unset field.
    const unset = await call(target, 'user_list_id', { token: c.sync, body: { limit: 0 } });
    expect(unset.errcode).toBe(0);
    expect(unset.json?.['dept_user']).toEqual((await call(target, 'user_list_id', { token: c.sync, body: {} })).json?.['dept_user']);
    expect((await call(target, 'user_list_id', { token: c.sync, body: { limit: 10001 } })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});

describe.skipIf(!target.isMock)('avatars', () => {
  it('When avatar_mediaid names an uploaded image, then the member gets an avatar; an unknown media_id answers 40007', async () => {
    const c = await contactsCorp(target, { settings: { post2022_rules: false } });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const form = new FormData();
    form.append('media', new Blob([png], { type: 'image/png' }), 'a.png');
    const up = (await call(target, 'media_upload', { token: c.app, query: { type: 'image' }, body: form })).json!;
    expect(up['errcode']).toBe(0);
    expect((await call(target, 'user_create', { token: c.sync, body: member('pic', { avatar_mediaid: up['media_id'] }) })).errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.sync, query: { userid: 'pic' } })).json?.['avatar']).toMatch(/^https:\/\//);
    expect((await call(target, 'user_create', { token: c.sync, body: member('nopic', { avatar_mediaid: 'no-such-media' }) })).errcode).toBe(code('INVALID_MEDIA_ID'));
    expect((await call(target, 'user_update', { token: c.sync, body: { userid: 'pic', avatar_mediaid: 'no-such-media' } })).errcode).toBe(code('INVALID_MEDIA_ID'));
  });
});

describe.skipIf(!target.isMock)('id conversions and lookups', () => {
  it('When an active member is converted to an openid and back, then the same member comes back', async ({ c }) => {
    const userid = c.corp.raw!.sample_userids![0]!;
    const o = await call(target, 'user_convert_to_openid', { token: c.app, body: { userid } });
    expect(o.errcode).toBe(0);
    expect(o.json?.['openid']).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect((await call(target, 'user_convert_to_openid', { token: c.sync, body: { userid } })).json?.['openid']).toBe(o.json?.['openid']);
    const u = await call(target, 'user_convert_to_userid', { token: c.app, body: { openid: o.json?.['openid'] as string } });
    expect(u.json?.['userid']).toBe(userid);
  });

  it('When the member never joined, is unknown, or the openid was never issued, then 43004, 60111 or 40073', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('newbie') });
    expect((await call(target, 'user_convert_to_openid', { token: c.app, body: { userid: 'newbie' } })).errcode).toBe(code('USER_WECHAT_NOT_BOUND'));
    expect((await call(target, 'user_convert_to_openid', { token: c.app, body: { userid: 'ghost' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'user_convert_to_openid', { unchecked: true, token: c.app, body: {} })).errcode).toBe(code('USERID_MISSING'));
    expect((await call(target, 'user_convert_to_userid', { token: c.app, body: { openid: 'oNeverIssued000000000000000' } })).errcode).toBe(code('INVALID_OPENID'));
  });

  it('When a mobile is looked up, then its member; an unknown mobile answers 46004', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('mob', { mobile: '13912345678' }) });
    const r = await call(target, 'user_getuserid', { token: c.app, body: { mobile: '13912345678' } });
    expect(r.errcode).toBe(0);
    expect(r.json?.['userid']).toBe('mob');
    expect((await call(target, 'user_getuserid', { token: c.app, body: { mobile: '13900000000' } })).errcode).toBe(code('USER_NOT_EXIST'));
  });

  it('When an email is looked up by type, then biz_mail (1, the default) or the personal email (2) is searched', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('mail', { email: 'me@home.test', biz_mail: 'me@corp.test' }) });
    expect((await call(target, 'user_get_userid_by_email', { token: c.app, body: { email: 'ME@corp.test' } })).json?.['userid']).toBe('mail');
    expect((await call(target, 'user_get_userid_by_email', { token: c.app, body: { email: 'me@home.test', email_type: 2 } })).json?.['userid']).toBe('mail');
    expect((await call(target, 'user_get_userid_by_email', { token: c.app, body: { email: 'me@home.test', email_type: 1 } })).errcode).toBe(code('USER_NOT_EXIST'));
    expect((await call(target, 'user_get_userid_by_email', { unchecked: true, token: c.app, body: { email: 'me@home.test', email_type: 3 } })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});

describe.skipIf(!target.isMock)('second factor', () => {
  it('When authsucc confirms a member who has not joined, then ok and the member becomes active', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('joiner') });
    const r = await call(target, 'user_authsucc', { token: c.sync, query: { userid: 'joiner' } });
    expect(r.errcode).toBe(0);
    expect((await call(target, 'user_get', { token: c.app, query: { userid: 'joiner' } })).json?.['status']).toBe(1);
    expect((await call(target, 'user_authsucc', { token: c.sync, query: { userid: 'ghost' } })).errcode).toBe(code('USERID_NOT_FOUND'));
  });

  it('When get_tfa_info or tfa_succ get a code nobody issued, then 40029 or 40207', async ({ c }) => {
    const userid = c.corp.raw!.sample_userids![0]!;
    expect((await call(target, 'auth_get_tfa_info', { token: c.app, body: { code: 'NOPE' } })).errcode).toBe(code('INVALID_OAUTH_CODE'));
    expect((await call(target, 'auth_get_tfa_info', { unchecked: true, token: c.app, body: {} })).errcode).toBe(code('AUTH_CODE_MISSING'));
    expect((await call(target, 'user_tfa_succ', { token: c.app, body: { userid, tfa_code: 'NOPE' } })).errcode).toBe(code('INVALID_TFA_CODE'));
  });
});

describe.skipIf(!target.isMock)('active stats, invitations and the join QR code', () => {
  it('When yesterday is asked, then the count of members who joined and are not disabled; a future or malformed date answers 40058', async () => {
    const c = await contactsCorp(target, { scenario: 'empty' });
    const clock = await target.admin<{ now_ms: number }>('GET', `/__mock/clock?corpid=${c.corp.corpid}`);
    const day = (offsetDays: number): string => new Date(clock.json.now_ms + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const r = await call(target, 'user_get_active_stat', { token: c.sync, body: { date: day(-1) } });
    expect(r.errcode).toBe(0);
    expect(r.json?.['active_cnt']).toBe(1);
    expect((await call(target, 'user_get_active_stat', { token: c.sync, body: { date: day(1) } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(target, 'user_get_active_stat', { token: c.sync, body: { date: day(-40) } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(target, 'user_get_active_stat', { token: c.sync, body: { date: '2020-02-30' } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(target, 'user_get_active_stat', { token: c.sync, body: { date: 'yesterday' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When batch/invite gets some unknown entries, then errcode 0 with invaliduser, invalidparty and invalidtag', async ({ c }) => {
    await call(target, 'user_create', { token: c.sync, body: member('invitee') });
    const all = await call(target, 'batch_invite', { token: c.sync, body: { user: ['invitee'], party: [2], tag: [1] } });
    expect(all.errcode).toBe(0);
    expect(all.json).not.toHaveProperty('invaliduser');
    const r = await call(target, 'batch_invite', { token: c.sync, body: { user: ['invitee', 'ghost'], party: [2, 999999], tag: [1, 999999] } });
    expect(r.errcode).toBe(0);
    expect(r.json).toMatchObject({ invaliduser: ['ghost'], invalidparty: [999999], invalidtag: [999999] });
  });

  it('When batch/invite gets nothing or too much, then 82001, 40032, 82002 or 82003', async ({ c }) => {
    expect((await call(target, 'batch_invite', { token: c.sync, body: {} })).errcode).toBe(code('ALL_RECIPIENTS_EMPTY'));
    expect((await call(target, 'batch_invite', { token: c.sync, body: { user: Array.from({ length: 1001 }, (_, i) => `u${i}`) } })).errcode).toBe(
      code('INVALID_USERID_LIST_LENGTH'),
    );
    expect((await call(target, 'batch_invite', { token: c.sync, body: { party: Array.from({ length: 101 }, (_, i) => i + 1) } })).errcode).toBe(
      code('INVALID_PARTY_LIST_LENGTH'),
    );
    expect((await call(target, 'batch_invite', { token: c.sync, body: { tag: Array.from({ length: 101 }, (_, i) => i + 1) } })).errcode).toBe(code('INVALID_TAG_LIST_LENGTH'));
  });

  it('When the join QR code is asked twice, then the same code; after 7 days a new one', async ({ c }) => {
    const a = await call(target, 'corp_get_join_qrcode', { token: c.sync, query: { size_type: 3 } });
    expect(a.errcode).toBe(0);
    expect(a.json?.['join_qrcode']).toMatch(/^https:\/\/work\.weixin\.qq\.com\/wework_admin\/genqrcode\?action=join&vcode=[0-9a-f]+&r=hb_share_api_mjoin&qr_size=3$/);
    const vcode = (u: unknown): string => /vcode=([0-9a-f]+)/.exec(String(u))![1]!;
    const b = await call(target, 'corp_get_join_qrcode', { token: c.sync });
    expect(vcode(b.json?.['join_qrcode'])).toBe(vcode(a.json?.['join_qrcode']));
    await target.admin('POST', '/__mock/clock', { corpid: c.corp.corpid, advance_seconds: 7 * 86400 });
    // The old token expired with the clock: take a new one.
    const sync = await getToken(target.baseUrl, c.corp.corpid, c.corp.contactsSecret!);
    const d = await call(target, 'corp_get_join_qrcode', { token: sync });
    expect(vcode(d.json?.['join_qrcode'])).not.toBe(vcode(a.json?.['join_qrcode']));
    expect((await call(target, 'corp_get_join_qrcode', { unchecked: true, token: sync, query: { size_type: 5 } })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});
