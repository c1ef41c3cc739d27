/**
 * 微盘 bytes: the block upload with cumulative SHA-1 checks and 秒传 (doc path/98004), the download URL with
 * its cookie and Range (doc path/97881), capacity (640007). Mock only.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { clientBlockShas as blockShas, driveCorp } from './helpers.js';

const target = await suiteTarget();

const BLOCK = 2 * 1024 * 1024;
const bytes = (n: number, salt = 1): Buffer => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + salt) & 0xff;
  return b;
};

describe.skipIf(!target.isMock)('wedrive uploads and downloads', () => {
  it('When a 5 MB file is uploaded in blocks, then the downloaded bytes, sha and md5 match, with Range', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const data = bytes(5 * 1024 * 1024 + 123);
    const shas = blockShas(data, BLOCK);
    expect(shas).toHaveLength(3);
    const init = await call(target, 'wedrive_file_upload_init', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'big.bin', size: data.length, block_sha: shas } });
    expect(init.json).toMatchObject({ errcode: 0, hit_exist: false });
    const upload_key = init.json!['upload_key'] as string;
    // Too early: blocks are missing.
    expect((await call(target, 'wedrive_file_upload_finish', { token: c.token, body: { upload_key } })).errcode).toBe(code('WEDRIVE_UPLOAD_FLOW_ERROR'));
    const part = (index: number) => call(target, 'wedrive_file_upload_part', { token: c.token, body: { upload_key, index, file_base64_content: data.subarray((index - 1) * BLOCK, index * BLOCK).toString('base64') } });
    expect((await part(2)).errcode).toBe(code('WEDRIVE_INVALID_PARAMETER'));
    for (const i of [1, 1, 2, 3]) expect((await part(i)).errcode).toBe(0);
    const fin = await call(target, 'wedrive_file_upload_finish', { token: c.token, body: { upload_key } });
    expect(fin.errcode).toBe(0);
    expect((await call(target, 'wedrive_file_upload_finish', { token: c.token, body: { upload_key } })).errcode).toBe(code('WEDRIVE_UPLOAD_FLOW_ERROR'));
    const fileid = fin.json!['fileid'] as string;
    const info = (await call(target, 'wedrive_file_info', { token: c.token, body: { fileid } })).json!['file_info'];
    expect(info).toMatchObject({ file_size: data.length, sha: createHash('sha1').update(data).digest('hex'), md5: createHash('md5').update(data).digest('hex') });

    const dl = await call(target, 'wedrive_file_download', { token: c.token, body: { fileid } });
    const { download_url, cookie_name, cookie_value } = dl.json as { download_url: string; cookie_name: string; cookie_value: string };
    const cookie = `${cookie_name}=${cookie_value}`;
    expect((await fetch(download_url)).status).toBe(403);
    const whole = await fetch(download_url, { headers: { cookie } });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(data)).toBe(true);
    const part206 = await fetch(download_url, { headers: { cookie, range: `bytes=${BLOCK - 2}-${BLOCK + 1}` } });
    expect(part206.status).toBe(206);
    expect(part206.headers.get('content-range')).toBe(`bytes ${BLOCK - 2}-${BLOCK + 1}/${data.length}`);
    expect(Buffer.from(await part206.arrayBuffer()).equals(data.subarray(BLOCK - 2, BLOCK + 2))).toBe(true);
    expect((await fetch(download_url, { headers: { cookie, range: `bytes=${data.length}-` } })).status).toBe(416);
    // The link lives 2 hours of mock time.
    await target.admin('POST', '/__mock/clock', { corpid: c.corp.corpid, advance_seconds: 7201 });
    expect((await fetch(download_url, { headers: { cookie } })).status).toBe(404);
  });

  it('When a block comes as a PHP-style JSON text (escaped slashes, line breaks), then it is stored; bad base64 → 640022, broken JSON → 47001, and the journal keeps its size and SHA-256', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const data = bytes(BLOCK + 5000, 3);
    const shas = blockShas(data, BLOCK);
    const init = await call(target, 'wedrive_file_upload_init', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'php.bin', size: data.length, block_sha: shas } });
    const upload_key = init.json!['upload_key'] as string;
    const send = async (text: string) => {
      const r = await fetch(`${target.baseUrl}/cgi-bin/wedrive/file_upload_part?access_token=${c.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      return ((await r.json()) as { errcode: number }).errcode;
    };
    const b64 = (from: number, to: number) => data.subarray(from, to).toString('base64');
    const php = (index: number, text: string) => `{"upload_key":"${upload_key}","index":${index},"file_base64_content":"${text}"}`;
    expect(await send(php(1, `${b64(0, 1000)}-${b64(1000, BLOCK)}`))).toBe(code('WEDRIVE_INVALID_FILE_BASE64'));
    expect(await send(php(1, `${b64(0, 1002)}\\q${b64(1002, BLOCK)}`))).toBe(code('DATA_FORMAT_ERROR'));
    const first = php(1, b64(0, BLOCK).replace(/.{76}/g, '$&\\r\\n').replace(/\//g, '\\/'));
    expect(await send(first)).toBe(0);
    expect(await send(php(2, b64(BLOCK, data.length)))).toBe(0);
    const fin = await call(target, 'wedrive_file_upload_finish', { token: c.token, body: { upload_key } });
    expect(fin.errcode).toBe(0);
    const info = (await call(target, 'wedrive_file_info', { token: c.token, body: { fileid: fin.json!['fileid'] as string } })).json!['file_info'];
    expect(info).toMatchObject({ file_size: data.length, sha: createHash('sha1').update(data).digest('hex') });
    const j = await target.admin<{ entries: Array<Record<string, unknown>> }>('GET', `/__mock/journal?corpid=${c.corp.corpid}&operation=wedrive_file_upload_part`);
    const ok = j.json.entries.find((e) => e['errcode'] === 0 && e['body_bytes'] === Buffer.byteLength(first));
    expect(ok, JSON.stringify(j.json.entries.map((e) => [e['errcode'], e['body_bytes']]))).toMatchObject({ body_sha256: createHash('sha256').update(first).digest('hex') });
    expect(ok!['body']).toBeUndefined();
  });

  it('When the same bytes are uploaded again, then init hits 秒传 and answers a fileid at once', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const data = bytes(1000, 9);
    const up = await call(target, 'wedrive_file_upload', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'a.bin', file_base64_content: data.toString('base64') } });
    expect(up.errcode).toBe(0);
    const init = await call(target, 'wedrive_file_upload_init', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'a.bin', size: data.length, block_sha: blockShas(data, BLOCK) } });
    expect(init.json).toMatchObject({ errcode: 0, hit_exist: true });
    const info = (await call(target, 'wedrive_file_info', { token: c.token, body: { fileid: init.json!['fileid'] as string } })).json!['file_info'];
    expect(info).toMatchObject({ file_name: 'a(1).bin', file_size: 1000 });
  });

  it('When a block does not match its block_sha, then the upload is refused and cancelled', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const data = bytes(3 * 1024 * 1024);
    const shas = blockShas(data, BLOCK);
    expect((await call(target, 'wedrive_file_upload_init', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'x', size: data.length, block_sha: [shas[0]!] } })).errcode).toBe(code('WEDRIVE_INVALID_PARAMETER'));
    const init = await call(target, 'wedrive_file_upload_init', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'x', size: data.length, block_sha: shas } });
    const upload_key = init.json!['upload_key'] as string;
    const wrong = bytes(BLOCK, 2);
    expect((await call(target, 'wedrive_file_upload_part', { token: c.token, body: { upload_key, index: 1, file_base64_content: wrong.toString('base64') } })).errcode).toBe(code('WEDRIVE_INVALID_PARAMETER'));
    expect((await call(target, 'wedrive_file_upload_part', { token: c.token, body: { upload_key, index: 1, file_base64_content: data.subarray(0, BLOCK).toString('base64') } })).errcode).toBe(code('WEDRIVE_INVALID_PARAMETER'));
    expect((await call(target, 'wedrive_file_upload_init', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'x', size: 21 * 1024 ** 3, block_sha: ['a'] } })).errcode).toBe(code('WEDRIVE_UPLOAD_FILE_TOO_LARGE'));
  });

  it('When a space is full, then uploads answer 640007 until files are deleted', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    await target.admin('PATCH', `/__mock/corps/${c.corp.corpid}/wedrive`, { space_capacity: { [spaceid]: 1500 } });
    const up = (text: Buffer) => call(target, 'wedrive_file_upload', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'f.bin', file_base64_content: text.toString('base64') } });
    const first = await up(bytes(1000, 1));
    expect(first.errcode).toBe(0);
    expect((await up(bytes(1000, 2))).errcode).toBe(code('WEDRIVE_QUOTA_EXCEEDED'));
    expect((await call(target, 'wedrive_file_upload_init', { token: c.token, body: { spaceid, fatherid: spaceid, file_name: 'g', size: 1000, block_sha: ['00'] } })).errcode).toBe(code('WEDRIVE_QUOTA_EXCEEDED'));
    await call(target, 'wedrive_file_delete', { token: c.token, body: { fileid: [first.json!['fileid'] as string] } });
    expect((await up(bytes(1000, 2))).errcode).toBe(0);
    // Over 10 MB in one call → 640047 (the block upload takes larger files).
    expect((await up(Buffer.alloc(10 * 1024 * 1024 + 1))).errcode).toBe(code('WEDRIVE_UPLOAD_FILE_TOO_LARGE'));
  });
});
