/** The archive's programs (会话内容存档 · 专区, chatdata/*): archive secret only, programs over the archive. Mock only. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();

async function archiveCorp(): Promise<{ corpid: string; token: string; appToken: string; program: string }> {
  const corp = await target.newCorp();
  const token = await getToken(target, corp.corpid, corp.raw!.secrets.archive);
  const view = await target.admin<{ programs: Array<{ program_id: string }> }>('GET', `/__mock/corps/${corp.corpid}/chatdata`);
  return { corpid: corp.corpid, token, appToken: await getToken(target, corp.corpid, corp.appSecret), program: view.json.programs[0]!.program_id };
}

describe.skipIf(!target.isMock)('chatdata (archive programs)', () => {
  it('When an app token calls, then 48002; with the archive off, then 301053', async () => {
    const c = await archiveCorp();
    expect((await call(target, 'chatdata_check_debug_mode', { token: c.appToken, body: { program_id: c.program } })).errcode).toBe(code('API_FORBIDDEN'));
    await target.admin('PATCH', `/__mock/corps/${c.corpid}/archive`, { status: 'disabled' });
    expect((await call(target, 'chatdata_check_debug_mode', { token: c.token, body: { program_id: c.program } })).errcode).toBe(code('MSGAUDIT_NOT_ENABLED'));
  });

  it('When the public key is set, then versions must grow and the key must be RSA', async () => {
    const c = await archiveCorp();
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect((await call(target, 'chatdata_set_public_key', { token: c.token, body: { public_key: pem, public_key_ver: 2 } })).errcode).toBe(0);
    expect((await call(target, 'chatdata_set_public_key', { token: c.token, body: { public_key: pem, public_key_ver: 2 } })).errcode).toBe(code('PUBLIC_KEY_VERSION_TOO_LOW'));
    expect((await call(target, 'chatdata_set_public_key', { token: c.token, body: { public_key: 'not a key', public_key_ver: 3 } })).errcode).toBe(code('INVALID_RSA_PUBLIC_KEY'));
  });

  it('When debug mode opens, then check answers 1 until it is closed or an hour passes', async () => {
    const c = await archiveCorp();
    const check = async () => (await call(target, 'chatdata_check_debug_mode', { token: c.token, body: { program_id: c.program } })).json?.debug_mode_status;
    expect(await check()).toBe(0);
    expect((await call(target, 'chatdata_open_debug_mode', { token: c.token, body: { program_id: c.program, debug_token: 't' } })).errcode).toBe(0);
    expect(await check()).toBe(1);
    expect((await call(target, 'chatdata_close_debug_mode', { token: c.token, body: { program_id: c.program } })).errcode).toBe(0);
    expect(await check()).toBe(0);
    expect((await call(target, 'chatdata_set_log_level', { token: c.token, body: { program_id: 'nope', log_level: 2 } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(target, 'chatdata_set_receive_callback', { token: c.token, body: { program_id: c.program } })).errcode).toBe(0);
  });

  it('When a program is called, then its abilities read the archive, synchronously or as a task', async () => {
    const c = await archiveCorp();
    // Typical corps already hold demo history: count what generate adds.
    const before = await target.admin<{ records: number }>('GET', `/__mock/corps/${c.corpid}/archive`);
    await target.admin('POST', '/__mock/archive/generate', { corpid: c.corpid, count: 30, seed: 3 });
    const sync = await call(target, 'chatdata_sync_call_program', { token: c.token, body: { program_id: c.program, ability_id: 'archive_stats', request_data: '{}' } });
    expect(JSON.parse(sync.json!.response_data!)).toMatchObject({ output: { records: before.json.records + 30 } });
    expect((await call(target, 'chatdata_sync_call_program', { token: c.token, body: { program_id: c.program, ability_id: 'echo', request_data: 'not json' } })).errcode).toBe(code('INVALID_PARAMETER'));
    const task = await call(target, 'chatdata_async_program_task', { token: c.token, body: { program_id: c.program, ability_id: 'echo', request_data: '{"input":"hi"}' } });
    expect(task.json?.jobid).toBeTruthy();
    await target.admin('POST', '/__mock/clock', { corpid: c.corpid, advance_seconds: 5 });
    const view = await target.admin<{ tasks: Array<{ jobid: string; done: boolean; response_data: string }> }>('GET', `/__mock/corps/${c.corpid}/chatdata`);
    expect(view.json.tasks.find((t) => t.jobid === task.json!.jobid)).toMatchObject({ done: true, response_data: '{"output":"hi"}' });
  });

  it('When licensed members are listed, then pages follow the cursor and hiding needs a licence', async () => {
    const c = await archiveCorp();
    const all: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const r = await call(target, 'chatdata_get_auth_user_list', { token: c.token, body: { limit: 2, ...(cursor !== undefined && { cursor }) } });
      expect(r.errcode).toBe(0);
      all.push(...r.json!.auth_user_list!.map((u) => u.userid));
      if (!r.json!.has_more) break;
      cursor = r.json!.next_cursor!;
    }
    expect(all.length).toBeGreaterThan(0);
    expect((await call(target, 'chatdata_set_hide_sensitiveinfo_config', { token: c.token, body: { userid: all[0]!, config: { hide_mobile: true } } })).errcode).toBe(0);
    expect((await call(target, 'chatdata_set_hide_sensitiveinfo_config', { token: c.token, body: { userid: 'ghost', config: {} } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(target, 'chatdata_get_auth_user_list', { token: c.token, body: { cursor: 'forged-cursor-value' } })).errcode).toBe(code('INVALID_CURSOR'));
  });

  it('When a file is uploaded for a program, then it is a media of the corp', async () => {
    const c = await archiveCorp();
    const form = new FormData();
    form.append('media', new Blob([Buffer.from('hello program')]), 'a.txt');
    const r = await call(target, 'chatdata_upload_media', { token: c.token, body: form });
    expect(r.json).toMatchObject({ errcode: 0, type: 'file' });
    const got = await fetch(`${target.baseUrl}/cgi-bin/media/get?access_token=${c.appToken}&media_id=${r.json!.media_id}`);
    expect(Buffer.from(await got.arrayBuffer()).toString()).toBe('hello program');
  });

  it('When the older getchatmsg path is pulled, then it answers the same records as getchatdata', async () => {
    const c = await archiveCorp();
    // Pull from after the typical corp's demo history: only what generate adds.
    const before = await target.admin<{ last_seq: number }>('GET', `/__mock/corps/${c.corpid}/archive`);
    await target.admin('POST', '/__mock/archive/generate', { corpid: c.corpid, count: 5, seed: 1 });
    const a = await call(target, 'external_contact_getchatmsg', { token: c.token, body: { seq: before.json.last_seq, limit: 10 } });
    expect(a.json?.chatdata?.map((d) => d.seq)).toHaveLength(5);
    expect((await call(target, 'external_contact_getchatmsg', { token: c.token, body: { seq: 0, limit: 1001 } })).errcode).toBe(code('MSGAUDIT_REQUEST_TOO_LARGE'));
  });
});

describe.skipIf(!target.isMock)('media by URL and attachments', () => {
  it('When a registered URL is uploaded by URL, then the job gives a media; unknown URLs and wrong md5 fail', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const bytes = Buffer.from('a video, in a manner of speaking');
    const url = 'https://files.example.test/v.mp4';
    const src = await target.admin<{ md5: string }>('POST', `/__mock/corps/${corp.corpid}/media/url-sources`, { url, content_base64: bytes.toString('base64') });
    expect(src.json.md5).toBe(createHash('md5').update(bytes).digest('hex'));
    const job = async (u: string, md5: string) => {
      const r = await call(target, 'media_upload_by_url', { token, body: { scene: 1, type: 'video', filename: 'v.mp4', url: u, md5 } });
      expect(r.errcode).toBe(0);
      return r.json!.jobid!;
    };
    const ok = await job(url, src.json.md5);
    const missing = await job('https://elsewhere.example.test/x.mp4', src.json.md5);
    const wrong = await job(url, '0'.repeat(32));
    expect((await call(target, 'media_get_upload_by_url_result', { token, body: { jobid: ok } })).json?.status).toBe(1);
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 10 });
    const done = await call(target, 'media_get_upload_by_url_result', { token, body: { jobid: ok } });
    expect(done.json).toMatchObject({ status: 2, detail: { errcode: 0 } });
    const got = await fetch(`${target.baseUrl}/cgi-bin/media/get?access_token=${token}&media_id=${done.json!.detail!.media_id}`);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);
    expect((await call(target, 'media_get_upload_by_url_result', { token, body: { jobid: missing } })).json).toMatchObject({ status: 3, detail: { errcode: code('UPLOAD_URL_DOWNLOAD_FAILED') } });
    expect((await call(target, 'media_get_upload_by_url_result', { token, body: { jobid: wrong } })).json).toMatchObject({ status: 3, detail: { errcode: code('INVALID_FILE_MD5') } });
    expect((await call(target, 'media_get_upload_by_url_result', { token, body: { jobid: 'nope' } })).errcode).toBe(code('JOBID_NOT_FOUND'));
  });

  it('When an attachment is uploaded, then it outlives the 3 days of temporary media', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const form = new FormData();
    form.append('media', new Blob([Buffer.from('attachment body')]), 'a.txt');
    const r = await call(target, 'media_upload_attachment', { token, query: { media_type: 'file', attachment_type: 1 }, body: form });
    expect(r.json).toMatchObject({ errcode: 0, type: 'file', created_at: expect.any(Number) });
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 4 * 86400 });
    const t2 = await getToken(target, corp.corpid, corp.appSecret);
    expect((await fetch(`${target.baseUrl}/cgi-bin/media/get?access_token=${t2}&media_id=${r.json!.media_id}`)).headers.get('content-type')).not.toMatch(/json/);
  });

  it('When a launch code is asked for two members, then the same pair gets the same code and strangers 60111', async () => {
    const corp = await target.newCorp();
    const token = await getToken(target, corp.corpid, corp.appSecret);
    const [a, b] = corp.raw!.sample_userids as [string, string];
    const one = await call(target, 'get_launch_code', { token, body: { operator_userid: a, single_chat: { userid: b } } });
    expect(one.json?.launch_code).toBeTruthy();
    expect((await call(target, 'get_launch_code', { token, body: { operator_userid: a, single_chat: { userid: b } } })).json?.launch_code).toBe(one.json!.launch_code);
    expect((await call(target, 'get_launch_code', { token, body: { operator_userid: a, single_chat: { userid: 'ghost' } } })).errcode).toBe(code('USERID_NOT_FOUND'));
  });
});
