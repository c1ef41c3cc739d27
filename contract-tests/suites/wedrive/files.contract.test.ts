/** 微盘 files: list, create, rename, move, delete, info, rights (doc path/93657, 97882-97892). Mock only. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { driveCorp } from './helpers.js';

const target = await suiteTarget();

type Item = { fileid: string; file_name: string; file_size: number; file_type: number; fatherid: string; url?: string };
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe.skipIf(!target.isMock)('wedrive files', () => {
  it('When files are uploaded into folders, then file_list sorts them and pages with next_start', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const folder = await call(target, 'wedrive_file_create', { token: c.token, body: { spaceid, fatherid: spaceid, file_type: 1, file_name: '资料' } });
    expect(folder.json).toMatchObject({ errcode: 0 });
    expect(folder.json).not.toHaveProperty('url');
    const fatherid = folder.json!['fileid'] as string;
    for (const [name, text] of [['b.txt', 'bbbbbbbbbb'], ['a.txt', 'aaaaaaa'], ['c.txt', 'cccccccccccccccc']] as const) {
      const u = await call(target, 'wedrive_file_upload', { token: c.token, body: { spaceid, fatherid, file_name: name, file_base64_content: b64(text) } });
      expect(u.errcode).toBe(0);
    }
    const list = (sort_type: 1 | 2 | 3 | 4 | 5 | 6, start: number, limit: number) =>
      call(target, 'wedrive_file_list', { token: c.token, body: { spaceid, fatherid, sort_type, start, limit } });
    const names = async (sort: 1 | 2 | 4): Promise<string[]> => ((await list(sort, 0, 100)).json!['file_list'] as { item: Item[] }).item.map((f) => f.file_name);
    expect(await names(1)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(await names(2)).toEqual(['c.txt', 'b.txt', 'a.txt']);
    expect(await names(4)).toEqual(['c.txt', 'b.txt', 'a.txt']);
    const p1 = await list(1, 0, 2);
    expect(p1.json).toMatchObject({ has_more: true, next_start: 2 });
    const p2 = await list(1, 2, 2);
    expect(p2.json).toMatchObject({ has_more: false });
    expect((p2.json!['file_list'] as { item: Item[] }).item.map((f) => f.file_name)).toEqual(['c.txt']);
    const info = (await call(target, 'wedrive_file_info', { token: c.token, body: { fileid: (p1.json!['file_list'] as { item: Item[] }).item[0]!.fileid } })).json!['file_info'];
    expect(info).toMatchObject({ file_name: 'a.txt', file_size: 7, file_type: 2, file_status: 1, fatherid, sha: createHash('sha1').update('aaaaaaa').digest('hex'), md5: createHash('md5').update('aaaaaaa').digest('hex') });
    expect((await call(target, 'wedrive_file_list', { unchecked: true, token: c.token, body: { spaceid, fatherid, sort_type: 1, start: 0, limit: 1001 } })).errcode).toBe(code('WEDRIVE_INVALID_PARAMETER'));
    expect((await call(target, 'wedrive_file_list', { token: c.token, body: { spaceid, fatherid: 'nope', sort_type: 1, start: 0, limit: 10 } })).errcode).toBe(code('WEDRIVE_INVALID_FATHERID'));
  });

  it('When names clash, then uploads and moves get "name(1)" and replace overwrites', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const up = async (fatherid: string, name: string, text: string): Promise<string> =>
      (await call(target, 'wedrive_file_upload', { token: c.token, body: { spaceid, fatherid, file_name: name, file_base64_content: b64(text) } })).json!['fileid'] as string;
    const first = await up(spaceid, 'x.txt', 'one');
    const second = await up(spaceid, 'x.txt', 'two');
    expect(((await call(target, 'wedrive_file_info', { token: c.token, body: { fileid: second } })).json!['file_info'] as Item).file_name).toBe('x(1).txt');
    const dir = (await call(target, 'wedrive_file_create', { token: c.token, body: { spaceid, fatherid: spaceid, file_type: 1, file_name: 'dir' } })).json!['fileid'] as string;
    const inDir = await up(dir, 'x.txt', 'three');
    const moved = await call(target, 'wedrive_file_move', { token: c.token, body: { fatherid: dir, fileid: [first] } });
    expect((moved.json!['file_list'] as { item: Item[] }).item[0]).toMatchObject({ fileid: first, file_name: 'x(1).txt', fatherid: dir });
    const replaced = await call(target, 'wedrive_file_move', { token: c.token, body: { fatherid: dir, fileid: [second], replace: true } });
    expect(replaced.errcode).toBe(0);
    // "x(1).txt" moved over the one already there: that one is gone.
    expect((await call(target, 'wedrive_file_info', { token: c.token, body: { fileid: first } })).errcode).toBe(code('WEDRIVE_FILE_DELETED'));
    expect((await call(target, 'wedrive_file_info', { token: c.token, body: { fileid: inDir } })).errcode).toBe(0);
    // A folder cannot go into itself.
    expect((await call(target, 'wedrive_file_move', { token: c.token, body: { fatherid: dir, fileid: [dir] } })).errcode).toBe(code('WEDRIVE_INVALID_FATHERID'));
    const renamed = await call(target, 'wedrive_file_rename', { token: c.token, body: { fileid: inDir, new_name: '新名字.txt' } });
    expect(renamed.json!['file']).toMatchObject({ fileid: inDir, file_name: '新名字.txt' });
    expect((await call(target, 'wedrive_file_rename', { token: c.token, body: { fileid: inDir, new_name: 'a/b' } })).errcode).toBe(code('WEDRIVE_INVALID_FILE_NAME'));
  });

  it('When a folder is deleted, then its contents go too and their fileids answer 640003', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const dir = (await call(target, 'wedrive_file_create', { token: c.token, body: { spaceid, fatherid: spaceid, file_type: 1, file_name: 'd' } })).json!['fileid'] as string;
    const f = (await call(target, 'wedrive_file_upload', { token: c.token, body: { spaceid, fatherid: dir, file_name: 'f.txt', file_base64_content: b64('hello world') } })).json!['fileid'] as string;
    expect((await call(target, 'wedrive_file_delete', { token: c.token, body: { fileid: [dir] } })).errcode).toBe(0);
    expect((await call(target, 'wedrive_file_info', { token: c.token, body: { fileid: f } })).errcode).toBe(code('WEDRIVE_FILE_DELETED'));
    expect((await call(target, 'wedrive_file_info', { token: c.token, body: { fileid: `${spaceid}_f.nope` } })).errcode).toBe(code('WEDRIVE_FILE_NOT_FOUND'));
    expect((await call(target, 'wedrive_file_upload', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'bad', file_base64_content: '***' } })).errcode).toBe(code('WEDRIVE_INVALID_FILE_BASE64'));
  });

  it('When a document is created and its rights are set, then get_file_permission reflects them', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const [a] = c.users as [string];
    const doc = await call(target, 'wedrive_file_create', { token: c.token, body: { spaceid, fatherid: spaceid, file_type: 3, file_name: '周报' } });
    expect(doc.json!['url']).toMatch(/^https:\/\/doc\.weixin\.qq\.com\/doc\//);
    const fileid = doc.json!['fileid'] as string;
    expect((await call(target, 'wedrive_file_acl_add', { token: c.token, body: { fileid, auth_info: [{ type: 1, userid: a, auth: 1 }] } })).errcode).toBe(0);
    expect((await call(target, 'wedrive_file_setting', { token: c.token, body: { fileid, auth_scope: 3, auth: 1 } })).errcode).toBe(0);
    expect((await call(target, 'wedrive_file_setting', { token: c.token, body: { fileid, auth_scope: 2, auth: 4 } })).errcode).toBe(code('WEDRIVE_INVALID_AUTH_TYPE'));
    expect((await call(target, 'wedrive_file_secure_setting', { token: c.token, body: { fileid, watermark: { text: '内部', margin_type: 2, show_text: true } } })).errcode).toBe(0);
    const p = await call(target, 'wedrive_get_file_permission', { token: c.token, body: { fileid } });
    expect(p.json).toMatchObject({
      share_range: { enable_corp_internal: true, corp_internal_auth: 1, enable_corp_external: true, corp_external_auth: 1 },
      file_member_list: [{ type: 1, userid: a, auth: 1 }],
      watermark: { text: '内部', margin_type: 2, show_text: true },
    });
    expect((await call(target, 'wedrive_file_share', { token: c.token, body: { fileid } })).json!['share_url']).toMatch(/^https:\/\//);
    expect((await call(target, 'wedrive_file_acl_del', { token: c.token, body: { fileid, auth_info: [{ type: 1, userid: a }] } })).errcode).toBe(0);
    expect((await call(target, 'wedrive_file_acl_del', { token: c.token, body: { fileid, auth_info: [{ type: 1, userid: a }] } })).errcode).toBe(code('WEDOC_MEMBER_NOT_FOUND'));
    expect((await call(target, 'wedrive_file_download', { token: c.token, body: { fileid } })).errcode).toBe(code('WEDRIVE_DOWNLOAD_FILE_ONLY'));
  });
});
