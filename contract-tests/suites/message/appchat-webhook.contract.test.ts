/** App group chats (doc path/90244) and the group robot webhook (doc path/91770). Mock only. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { JPEG, messageCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('appchat', () => {
  it('When a chat is created, read, changed and messaged, then every member receives it', async () => {
    const c = await messageCorp(target);
    const [a, b, d] = c.users as [string, string, string];
    const r = await call(target, 'appchat_create', { token: c.token, body: { name: '群', userlist: [a, b], chatid: 'CHAT1' } });
    expect(r.json).toMatchObject({ errcode: 0, chatid: 'CHAT1' });
    // Without an owner a random member owns the chat.
    expect([a, b]).toContain(((await call(target, 'appchat_get', { token: c.token, query: { chatid: 'CHAT1' } })).json?.['chat_info'] as { owner: string }).owner);
    expect((await call(target, 'appchat_update', { token: c.token, body: { chatid: 'CHAT1', add_user_list: [d], owner: d, name: '新群' } })).errcode).toBe(0);
    const info = (await call(target, 'appchat_get', { token: c.token, query: { chatid: 'CHAT1' } })).json?.['chat_info'];
    expect(info).toEqual({ chatid: 'CHAT1', name: '新群', owner: d, userlist: [a, b, d], chat_type: 0 });
    const s = await call(target, 'appchat_send', { token: c.token, body: { chatid: 'CHAT1', msgtype: 'text', text: { content: 'hi', mentioned_list: [a, '@all'] } } });
    expect(s.errcode).toBe(0);
    for (const u of [a, b, d]) expect((await c.inbox(u))[0]).toMatchObject({ source: 'appchat', chatid: 'CHAT1', delivered: true });
    expect((await call(target, 'appchat_send', { unchecked: true, token: c.token, body: { chatid: 'CHAT1', msgtype: 'miniprogram_notice', miniprogram_notice: {} } })).errcode).toBe(code('INVALID_MESSAGE_TYPE'));
    expect((await call(target, 'appchat_send', { token: c.token, body: { chatid: 'CHAT1', msgtype: 'markdown', markdown: { content: 'a'.repeat(2049) } } })).errcode).toBe(code('CONTENT_TOO_LARGE'));
  });

  it('When the input breaks the rules, then 86xxx codes', async () => {
    const c = await messageCorp(target);
    const [a, b] = c.users as [string, string];
    expect((await call(target, 'appchat_create', { token: c.token, body: { userlist: [a] } })).errcode).toBe(code('INVALID_CHAT_MEMBER_COUNT'));
    expect((await call(target, 'appchat_create', { token: c.token, body: { userlist: [a, 'ghost'] } })).errcode).toBe(code('INVALID_CHAT_MEMBER_ID'));
    expect((await call(target, 'appchat_create', { token: c.token, body: { userlist: [a, b], chatid: 'bad-id' } })).errcode).toBe(code('INVALID_CHATID'));
    expect((await call(target, 'appchat_create', { token: c.token, body: { userlist: [a, b], chatid: 'x'.repeat(33) } })).errcode).toBe(code('CHATID_TOO_LONG'));
    expect((await call(target, 'appchat_create', { token: c.token, body: { userlist: [a, b], owner: c.users[2] } })).errcode).toBe(code('CHAT_OWNER_NOT_IN_MEMBERS'));
    expect((await call(target, 'appchat_create', { token: c.token, body: { userlist: [a, b], chatid: 'DUP' } })).errcode).toBe(0);
    expect((await call(target, 'appchat_create', { token: c.token, body: { userlist: [a, b], chatid: 'DUP' } })).errcode).toBe(code('CHATID_EXISTED'));
    expect((await call(target, 'appchat_get', { token: c.token, query: { chatid: 'NOPE' } })).errcode).toBe(code('APPCHAT_NOT_FOUND'));
    expect((await call(target, 'appchat_update', { token: c.token, body: { chatid: 'DUP', del_user_list: [a] } })).errcode).toBe(code('INVALID_CHAT_MEMBER_COUNT'));
    // Another app of the corp may not use the chat.
    const other = await target.admin<{ secret: string }>('POST', `/__mock/corps/${c.corp.corpid}/apps`, {});
    const t = await getToken(target.baseUrl, c.corp.corpid, other.json.secret);
    expect((await call(target.baseUrl, 'appchat_get', { token: t, query: { chatid: 'DUP' } })).errcode).toBe(code('CHAT_NOT_CREATED_BY_APP'));
    // An app whose range is not the root department may not use app chats.
    const narrow = await target.admin<{ secret: string }>('POST', `/__mock/corps/${c.corp.corpid}/apps`, { allow_user: [a], allow_party: [] });
    const nt = await getToken(target.baseUrl, c.corp.corpid, narrow.json.secret);
    expect((await call(target, 'appchat_create', { token: nt, body: { userlist: [a, b] } })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it('When a member gets more than 200 chat messages a minute, then the excess is dropped silently', async () => {
    const c = await messageCorp(target);
    const [a, b] = c.users as [string, string];
    await call(target, 'appchat_create', { token: c.token, body: { userlist: [a, b], chatid: 'BUSY' } });
    for (let i = 0; i < 201; i++) expect((await call(target, 'appchat_send', { token: c.token, body: { chatid: 'BUSY', msgtype: 'text', text: { content: `m${i}` } } })).errcode).toBe(0);
    const inbox = await c.inbox(a);
    expect(inbox.filter((m) => m['delivered'])).toHaveLength(200);
    expect(inbox[200]).toMatchObject({ delivered: false, dropped_reason: 'member_minute_limit' });
  });
});

describe.skipIf(!target.isMock)('group robot webhook', () => {
  const robot = async () => {
    const c = await messageCorp(target);
    const r = await target.admin<{ key: string; webhook_url: string }>('POST', `/__mock/corps/${c.corp.corpid}/robots`, { name: 'ci' });
    const send = (body: unknown, key: string | undefined = r.json.key) => call(target, 'webhook_send', { unchecked: true, query: { key }, body });
    const posted = async () =>
      (await target.admin<{ robots: Array<{ messages: unknown[] }> }>('GET', `/__mock/corps/${c.corp.corpid}/robots`)).json.robots[0]!.messages;
    return { c, key: r.json.key, url: r.json.webhook_url, send, posted };
  };

  it('When a robot posts text, markdown, image and news, then they are recorded; a bad or missing key → 93000', async () => {
    const { send, posted, url, key } = await robot();
    // The control plane hands out the robot's webhook URL: the test is about that URL.
    expect(url).toBe(`/cgi-bin/webhook/send?key=${key}`);
    expect((await send({ msgtype: 'text', text: { content: 'hello world', mentioned_list: ['@all'] } })).errcode).toBe(0);
    expect((await send({ msgtype: 'markdown', markdown: { content: '# 标题' } })).errcode).toBe(0);
    const md5 = createHash('md5').update(JPEG).digest('hex');
    expect((await send({ msgtype: 'image', image: { base64: JPEG.toString('base64'), md5 } })).errcode).toBe(0);
    expect((await send({ msgtype: 'image', image: { base64: JPEG.toString('base64'), md5: '0'.repeat(32) } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await send({ msgtype: 'news', news: { articles: [{ title: 't', url: 'https://x' }] } })).errcode).toBe(0);
    expect(await posted()).toHaveLength(4);
    expect((await send({ msgtype: 'text', text: { content: 'x' } }, 'nope')).errcode).toBe(code('INVALID_WEBHOOK_URL'));
    expect((await call(target.baseUrl, 'webhook_send', { body: { msgtype: 'text', text: { content: 'x' } } })).errcode).toBe(code('INVALID_WEBHOOK_URL'));
  });

  it('When content is over its limit, then 40058; an unknown msgtype → 40008', async () => {
    const { send } = await robot();
    expect((await send({ msgtype: 'text', text: { content: 'a'.repeat(2049) } })).errcode).toBe(code('INVALID_PARAMETER'));
    const md = await send({ msgtype: 'markdown', markdown: { content: 'a'.repeat(4097) } });
    expect(md.errcode).toBe(code('INVALID_PARAMETER'));
    expect(md.errmsg).toMatch(/^markdown\.content exceed max length 4096\. invalid Request Parameter/);
    expect((await send({ msgtype: 'markdown', markdown: { content: 'a'.repeat(4096) } })).errcode).toBe(0);
    expect((await send({ msgtype: 'sticker' })).errcode).toBe(code('INVALID_MESSAGE_TYPE'));
  });

  it('When a robot sends more than 20 messages in a minute, then 45009 until the next minute', async () => {
    const { c, send } = await robot();
    for (let i = 0; i < 20; i++) expect((await send({ msgtype: 'text', text: { content: `m${i}` } })).errcode).toBe(0);
    expect((await send({ msgtype: 'text', text: { content: 'over' } })).errcode).toBe(code('API_FREQ_OUT_OF_LIMIT'));
    await c.advance(60);
    expect((await send({ msgtype: 'text', text: { content: 'again' } })).errcode).toBe(0);
  });

  it('When upload_media gets an empty file, then 44001 before the key is checked; a file then works in a file message', async () => {
    const { send, key } = await robot();
    const up = async (data: Buffer, k: string) => {
      const form = new FormData();
      form.append('media', new Blob([data]), 'a.txt');
      return (await call(target, 'webhook_upload_media', { query: { key: k, type: 'file' }, body: form })).json!;
    };
    expect((await up(Buffer.alloc(0), 'bad')).errcode).toBe(code('EMPTY_MEDIA_DATA'));
    expect((await up(Buffer.from('hello world'), 'bad')).errcode).toBe(code('INVALID_WEBHOOK_URL'));
    const ok = await up(Buffer.from('hello world'), key);
    expect(ok.errcode).toBe(0);
    expect((await send({ msgtype: 'file', file: { media_id: ok.media_id } })).errcode).toBe(0);
    expect((await send({ msgtype: 'file', file: { media_id: 'nope' } })).errcode).toBe(code('INVALID_MEDIA_ID'));
  });

  it('When a robot voice plays longer than 60 s, then 45007 (AMR frames of 20 ms)', async () => {
    const { key } = await robot();
    const up = async (frames: number) => {
      const form = new FormData();
      form.append('media', new Blob([Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(frames * 32, 0x3c)])]), 'a.amr');
      return (await call(target, 'webhook_upload_media', { query: { key, type: 'voice' }, body: form })).json!;
    };
    expect((await up(3000)).errcode).toBe(0);
    expect((await up(3001)).errcode).toBe(code('VOICE_TOO_LONG'));
  });
});
