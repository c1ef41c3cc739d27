/**
 * Member reads and helpers: user/simplelist, user/list, id conversions, lookups by mobile and email,
 * second factor (authsucc, get_tfa_info, tfa_succ), active stats, batch/invite, the join QR code.
 * Mock only: the cases set up their own members.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../harness/target.js';
import { code, getToken } from '../../harness/client.js';
import { contactsCorp, member } from './helpers.js';

const target = await openTarget();
afterAll(() => target.close());

describe.skipIf(!target.isMock)('user/simplelist and user/list', () => {
  it('When a department is listed with and without fetch_child, then its own members or those of its subtree come back once each', async () => {
    const c = await contactsCorp(target, { scenario: 'empty' });
    const a = (await c.post('department/create', c.sync, { name: 'A', parentid: 1 })).json?.['id'] as number;
    const b = (await c.post('department/create', c.sync, { name: 'B', parentid: a })).json?.['id'] as number;
    await c.post('user/create', c.sync, member('ina', { department: [a] }));
    await c.post('user/create', c.sync, member('inb', { department: [b] }));
    await c.post('user/create', c.sync, member('both', { department: [a, b] }));
    const own = await c.get('user/simplelist', c.app, { department_id: a });
    expect(own.errcode).toBe(0);
    expect((own.json?.['userlist'] as Array<{ userid: string }>).map((u) => u.userid).sort()).toEqual(['both', 'ina']);
    const sub = await c.get('user/simplelist', c.app, { department_id: a, fetch_child: 1 });
    const rows = sub.json?.['userlist'] as Array<Record<string, unknown>>;
    expect(rows.map((u) => u['userid']).sort()).toEqual(['both', 'ina', 'inb']);
    expect(rows.find((u) => u['userid'] === 'both')).toEqual({ userid: 'both', name: 'N both', department: [a, b], open_userid: expect.any(String) });

    const list = await c.get('user/list', c.app, { department_id: a, fetch_child: 1 });
    const full = list.json?.['userlist'] as Array<Record<string, unknown>>;
    expect(full).toHaveLength(3);
    expect(full[0]).toMatchObject({ userid: expect.any(String), name: expect.any(String), department: expect.any(Array), status: 4 });
    // Self-built apps do not get the fields WeCom withholds since 2022.
    for (const f of ['mobile', 'email', 'gender', 'avatar']) expect(full[0]).not.toHaveProperty(f);
  });

  it('When the department is unknown or missing, then 60123 or 41019 with an empty userlist', async () => {
    const c = await contactsCorp(target);
    const r = await c.get('user/simplelist', c.app, { department_id: 999999 });
    expect(r.errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect(r.json?.['userlist']).toEqual([]);
    expect((await c.get('user/list', c.app)).errcode).toBe(code('DEPARTMENT_MISSING'));
  });

  it('When the contacts-sync token calls them under the 2022 rules, then 48009; with the rules off it may', async () => {
    const c = await contactsCorp(target);
    expect((await c.get('user/simplelist', c.sync, { department_id: 1 })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await c.get('user/list', c.sync, { department_id: 1 })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    const old = await contactsCorp(target, { settings: { post2022_rules: false } });
    const r = await old.get('user/list', old.sync, { department_id: 1, fetch_child: 1 });
    expect(r.errcode).toBe(0);
    expect((r.json?.['userlist'] as unknown[]).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!target.isMock)('user/list_id while the directory changes', () => {
  it('When members are created and deleted between pages, then every member present throughout is listed exactly once per department', async () => {
    const c = await contactsCorp(target);
    for (const u of ['p1', 'p2', 'p3']) await c.post('user/create', c.sync, member(u, { department: [1, 2] }));
    const first = await c.post('user/list_id', c.sync, { limit: 5 });
    expect(first.errcode).toBe(0);
    const seen = (first.json?.['dept_user'] as Array<{ userid: string; department: number }>).map((r) => `${r.userid}/${r.department}`);
    // Changes between pages: a member ahead of the cursor goes, a new one comes.
    await c.get('user/delete', c.sync, { userid: 'p3' });
    await c.post('user/create', c.sync, member('p4'));
    let cursor = first.json?.['next_cursor'] as string;
    while (cursor) {
      const r = await c.post('user/list_id', c.sync, { cursor, limit: 5 });
      expect(r.errcode).toBe(0);
      seen.push(...(r.json?.['dept_user'] as Array<{ userid: string; department: number }>).map((x) => `${x.userid}/${x.department}`));
      cursor = r.json?.['next_cursor'] as string;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const row of ['p1/1', 'p1/2', 'p2/1', 'p2/2']) expect(seen).toContain(row);
  });

  it('When limit is 0 or above 10,000, then 40058', async () => {
    const c = await contactsCorp(target);
    expect((await c.post('user/list_id', c.sync, { limit: 0 })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await c.post('user/list_id', c.sync, { limit: 10001 })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});

describe.skipIf(!target.isMock)('avatars', () => {
  it('When avatar_mediaid names an uploaded image, then the member gets an avatar; an unknown media_id answers 40007', async () => {
    const c = await contactsCorp(target, { settings: { post2022_rules: false } });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const form = new FormData();
    form.append('media', new Blob([png], { type: 'image/png' }), 'a.png');
    const up = (await (await fetch(`${target.baseUrl}/cgi-bin/media/upload?access_token=${c.app}&type=image`, { method: 'POST', body: form })).json()) as Record<string, unknown>;
    expect(up['errcode']).toBe(0);
    expect((await c.post('user/create', c.sync, member('pic', { avatar_mediaid: up['media_id'] }))).errcode).toBe(0);
    expect((await c.get('user/get', c.sync, { userid: 'pic' })).json?.['avatar']).toMatch(/^https:\/\//);
    expect((await c.post('user/create', c.sync, member('nopic', { avatar_mediaid: 'no-such-media' }))).errcode).toBe(code('INVALID_MEDIA_ID'));
    expect((await c.post('user/update', c.sync, { userid: 'pic', avatar_mediaid: 'no-such-media' })).errcode).toBe(code('INVALID_MEDIA_ID'));
  });
});

describe.skipIf(!target.isMock)('id conversions and lookups', () => {
  it('When an active member is converted to an openid and back, then the same member comes back', async () => {
    const c = await contactsCorp(target);
    const userid = c.corp.raw!.sample_userids![0]!;
    const o = await c.post('user/convert_to_openid', c.app, { userid });
    expect(o.errcode).toBe(0);
    expect(o.json?.['openid']).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect((await c.post('user/convert_to_openid', c.sync, { userid })).json?.['openid']).toBe(o.json?.['openid']);
    const u = await c.post('user/convert_to_userid', c.app, { openid: o.json?.['openid'] });
    expect(u.json?.['userid']).toBe(userid);
  });

  it('When the member never joined, is unknown, or the openid was never issued, then 43004, 60111 or 40073', async () => {
    const c = await contactsCorp(target);
    await c.post('user/create', c.sync, member('newbie'));
    expect((await c.post('user/convert_to_openid', c.app, { userid: 'newbie' })).errcode).toBe(code('USER_WECHAT_NOT_BOUND'));
    expect((await c.post('user/convert_to_openid', c.app, { userid: 'ghost' })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await c.post('user/convert_to_openid', c.app, {})).errcode).toBe(code('USERID_MISSING'));
    expect((await c.post('user/convert_to_userid', c.app, { openid: 'oNeverIssued000000000000000' })).errcode).toBe(code('INVALID_OPENID'));
  });

  it('When a mobile is looked up, then its member; an unknown mobile answers 46004', async () => {
    const c = await contactsCorp(target);
    await c.post('user/create', c.sync, member('mob', { mobile: '13912345678' }));
    const r = await c.post('user/getuserid', c.app, { mobile: '13912345678' });
    expect(r.errcode).toBe(0);
    expect(r.json?.['userid']).toBe('mob');
    expect((await c.post('user/getuserid', c.app, { mobile: '13900000000' })).errcode).toBe(code('USER_NOT_EXIST'));
  });

  it('When an email is looked up by type, then biz_mail (1, the default) or the personal email (2) is searched', async () => {
    const c = await contactsCorp(target);
    await c.post('user/create', c.sync, member('mail', { email: 'me@home.test', biz_mail: 'me@corp.test' }));
    expect((await c.post('user/get_userid_by_email', c.app, { email: 'ME@corp.test' })).json?.['userid']).toBe('mail');
    expect((await c.post('user/get_userid_by_email', c.app, { email: 'me@home.test', email_type: 2 })).json?.['userid']).toBe('mail');
    expect((await c.post('user/get_userid_by_email', c.app, { email: 'me@home.test', email_type: 1 })).errcode).toBe(code('USER_NOT_EXIST'));
    expect((await c.post('user/get_userid_by_email', c.app, { email: 'me@home.test', email_type: 3 })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});

describe.skipIf(!target.isMock)('second factor', () => {
  it('When authsucc confirms a member who has not joined, then ok and the member becomes active', async () => {
    const c = await contactsCorp(target);
    await c.post('user/create', c.sync, member('joiner'));
    const r = await c.get('user/authsucc', c.sync, { userid: 'joiner' });
    expect(r.errcode).toBe(0);
    expect((await c.get('user/get', c.app, { userid: 'joiner' })).json?.['status']).toBe(1);
    expect((await c.get('user/authsucc', c.sync, { userid: 'ghost' })).errcode).toBe(code('USERID_NOT_FOUND'));
  });

  it('When get_tfa_info or tfa_succ get a code nobody issued, then 40029 or 40207', async () => {
    const c = await contactsCorp(target);
    const userid = c.corp.raw!.sample_userids![0]!;
    expect((await c.post('auth/get_tfa_info', c.app, { code: 'NOPE' })).errcode).toBe(code('INVALID_OAUTH_CODE'));
    expect((await c.post('auth/get_tfa_info', c.app, {})).errcode).toBe(code('AUTH_CODE_MISSING'));
    expect((await c.post('user/tfa_succ', c.app, { userid, tfa_code: 'NOPE' })).errcode).toBe(code('INVALID_TFA_CODE'));
  });
});

describe.skipIf(!target.isMock)('active stats, invitations and the join QR code', () => {
  it('When yesterday is asked, then the count of members who joined and are not disabled; a future or malformed date answers 40058', async () => {
    const c = await contactsCorp(target, { scenario: 'empty' });
    const clock = await target.admin<{ now_ms: number }>('GET', `/__mock/clock?corpid=${c.corp.corpid}`);
    const day = (offsetDays: number): string => new Date(clock.json.now_ms + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const r = await c.post('user/get_active_stat', c.sync, { date: day(-1) });
    expect(r.errcode).toBe(0);
    expect(r.json?.['active_cnt']).toBe(1);
    expect((await c.post('user/get_active_stat', c.sync, { date: day(1) })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await c.post('user/get_active_stat', c.sync, { date: day(-40) })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await c.post('user/get_active_stat', c.sync, { date: '2020-02-30' })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await c.post('user/get_active_stat', c.sync, { date: 'yesterday' })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When batch/invite gets some unknown entries, then errcode 0 with invaliduser, invalidparty and invalidtag', async () => {
    const c = await contactsCorp(target);
    await c.post('user/create', c.sync, member('invitee'));
    const all = await c.post('batch/invite', c.sync, { user: ['invitee'], party: [2], tag: [1] });
    expect(all.errcode).toBe(0);
    expect(all.json).not.toHaveProperty('invaliduser');
    const r = await c.post('batch/invite', c.sync, { user: ['invitee', 'ghost'], party: [2, 999999], tag: [1, 999999] });
    expect(r.errcode).toBe(0);
    expect(r.json).toMatchObject({ invaliduser: ['ghost'], invalidparty: [999999], invalidtag: [999999] });
  });

  it('When batch/invite gets nothing or too much, then 82001, 40032, 82002 or 82003', async () => {
    const c = await contactsCorp(target);
    expect((await c.post('batch/invite', c.sync, {})).errcode).toBe(code('ALL_RECIPIENTS_EMPTY'));
    expect((await c.post('batch/invite', c.sync, { user: Array.from({ length: 1001 }, (_, i) => `u${i}`) })).errcode).toBe(
      code('INVALID_USERID_LIST_LENGTH'),
    );
    expect((await c.post('batch/invite', c.sync, { party: Array.from({ length: 101 }, (_, i) => i + 1) })).errcode).toBe(
      code('INVALID_PARTY_LIST_LENGTH'),
    );
    expect((await c.post('batch/invite', c.sync, { tag: Array.from({ length: 101 }, (_, i) => i + 1) })).errcode).toBe(code('INVALID_TAG_LIST_LENGTH'));
  });

  it('When the join QR code is asked twice, then the same code; after 7 days a new one', async () => {
    const c = await contactsCorp(target);
    const a = await c.get('corp/get_join_qrcode', c.sync, { size_type: 3 });
    expect(a.errcode).toBe(0);
    expect(a.json?.['join_qrcode']).toMatch(/^https:\/\/work\.weixin\.qq\.com\/wework_admin\/genqrcode\?action=join&vcode=[0-9a-f]+&r=hb_share_api_mjoin&qr_size=3$/);
    const vcode = (u: unknown): string => /vcode=([0-9a-f]+)/.exec(String(u))![1]!;
    const b = await c.get('corp/get_join_qrcode', c.sync);
    expect(vcode(b.json?.['join_qrcode'])).toBe(vcode(a.json?.['join_qrcode']));
    await target.admin('POST', '/__mock/clock', { corpid: c.corp.corpid, advance_seconds: 7 * 86400 });
    // The old token expired with the clock: take a new one.
    const sync = await getToken(target.baseUrl, c.corp.corpid, c.corp.contactsSecret!);
    const d = await c.get('corp/get_join_qrcode', sync);
    expect(vcode(d.json?.['join_qrcode'])).not.toBe(vcode(a.json?.['join_qrcode']));
    expect((await c.get('corp/get_join_qrcode', sync, { size_type: 5 })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});
