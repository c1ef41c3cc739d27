/**
 * message/send, recall, update_template_card and the inbox side channel (doc path/90236). Mock only:
 * the suites read what members received through the control plane.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { JPEG, messageCorp } from './helpers.js';

const target = await suiteTarget();

const text = (content = 'hello') => ({ msgtype: 'text', text: { content } });

const buttonCard = {
  card_type: 'button_interaction',
  main_title: { title: '审批' },
  task_id: 'task1',
  button_list: [
    { text: '同意', key: 'yes', style: 1 },
    { text: '拒绝', key: 'no', style: 2 },
  ],
};

describe.skipIf(!target.isMock)('message/send', () => {
  it('When members in range are addressed, then they receive it and the answer has a msgid', async () => {
    const c = await messageCorp(target);
    const [a, b] = c.users;
    const r = await c.send({ touser: `${a}|${b}`, ...text('快递到了') });
    expect(r.errcode).toBe(0);
    expect(typeof r.json?.['msgid']).toBe('string');
    expect(r.json?.['invaliduser']).toBeUndefined();
    const inbox = await c.inbox(a!);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ msgtype: 'text', content: { content: '快递到了' }, delivered: true, msgid: r.json?.['msgid'] });
  });

  it('When some recipients are unknown, then the rest receive it and invaliduser lists the others lower-cased', async () => {
    const c = await messageCorp(target);
    const r = await c.send({ touser: `${c.users[0]}|NoSuchUser|Ghost2`, toparty: '1|99999', totag: '88888', ...text() });
    expect(r.errcode).toBe(0);
    expect(r.json?.['invaliduser']).toBe('nosuchuser|ghost2');
    expect(r.json?.['invalidparty']).toBe('99999');
    expect(r.json?.['invalidtag']).toBe('88888');
  });

  it('When every recipient is invalid, then 81013 and nobody receives it; all empty → 82001', async () => {
    const c = await messageCorp(target);
    expect((await c.send({ touser: 'ghost1|ghost2', toparty: '99999', ...text() })).errcode).toBe(code('ALL_RECIPIENTS_INVALID'));
    expect((await c.send({ touser: '', ...text() })).errcode).toBe(code('ALL_RECIPIENTS_EMPTY'));
    expect((await c.send(text())).errcode).toBe(code('ALL_RECIPIENTS_EMPTY'));
  });

  it('When touser is @all, then every member in the visible range receives it', async () => {
    const c = await messageCorp(target);
    expect((await c.send({ touser: '@all', toparty: 'ignored', ...text() })).errcode).toBe(0);
    for (const u of c.users) expect(await c.inbox(u)).toHaveLength(1);
  });

  it('When a member is outside the app visible range, then they are invalid for that app', async () => {
    const c = await messageCorp(target);
    const narrow = await target.admin<{ agentid: number; secret: string }>('POST', `/__mock/corps/${c.corp.corpid}/apps`, { allow_user: [c.users[0]], allow_party: [] });
    const { getToken } = await import('../../harness/client.js');
    const t = await getToken(target.baseUrl, c.corp.corpid, narrow.json.secret);
    const r = await call(target, 'message_send', { token: t, body: { agentid: narrow.json.agentid, touser: `${c.users[0]}|${c.users[1]}`, ...text() } });
    expect(r.errcode).toBe(0);
    expect(r.json?.['invaliduser']).toBe(c.users[1]!.toLowerCase());
    // 301002: the body names another app than the token's.
    expect((await call(target, 'message_send', { token: t, body: { agentid: c.agentid, touser: c.users[0], ...text() } })).errcode).toBe(code('AGENT_MISMATCH'));
  });

  it('When the agentid is unknown or missing, then 40056 / 41011', async () => {
    const c = await messageCorp(target);
    expect((await call(target, 'message_send', { token: c.token, body: { agentid: 999, touser: c.users[0], ...text() } })).errcode).toBe(code('INVALID_AGENTID'));
    expect((await call(target, 'message_send', { unchecked: true, token: c.token, body: { touser: c.users[0], ...text() } })).errcode).toBe(code('AGENTID_MISSING'));
  });

  it('When the lists are too long, then WeCom codes and nothing is delivered', async () => {
    const c = await messageCorp(target);
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|');
    expect((await c.send({ touser: many, ...text() })).errcode).toBe(code('INVALID_USERID_LIST_LENGTH'));
    const parties = Array.from({ length: 101 }, (_, i) => String(i + 1)).join('|');
    expect((await c.send({ toparty: parties, ...text() })).errcode).toBe(code('INVALID_PARTY_LIST_LENGTH'));
    expect((await c.send({ totag: parties, ...text() })).errcode).toBe(code('INVALID_TAG_LIST_LENGTH'));
    expect(await c.inbox(c.users[0]!)).toHaveLength(0);
  });

  // Some recipients without permission or unknown: the send goes on and names them (developer.work.weixin.qq.com/document/path/90236):
  // an empty or malformed entry is one more invalid recipient, not a refused call; all invalid → 81013.
  it('When a list has an empty or malformed entry, then it is named in invaliduser / invalidparty / invalidtag and the send goes on', async () => {
    const c = await messageCorp(target);
    const r = await c.send({ touser: `${c.users[0]}||Bad User!`, toparty: '1x', totag: 'x', ...text() });
    expect(r.errcode, JSON.stringify(r.json)).toBe(0);
    expect(r.json).toMatchObject({ invaliduser: '|bad user!', invalidparty: '1x', invalidtag: 'x', msgid: expect.any(String) });
    expect(await c.inbox(c.users[0]!)).toHaveLength(1);
    const trailing = await c.send({ touser: `${c.users[0]}|`, ...text() });
    expect(trailing.errcode).toBe(0);
    expect(trailing.json?.['invaliduser']).toBe('');
    expect((await c.send({ touser: '|', toparty: 'abc', ...text() })).errcode).toBe(code('ALL_RECIPIENTS_INVALID'));
  });

  it('When the msgtype or its body is wrong, then 40008 / 44004; oversized markdown → 45002; long text is cut', async () => {
    const c = await messageCorp(target);
    const to = { touser: c.users[0] };
    expect((await c.send({ ...to, msgtype: 'sticker' })).errcode).toBe(code('INVALID_MESSAGE_TYPE'));
    expect((await c.send({ ...to, text: { content: 'x' } })).errcode).toBe(code('INVALID_MESSAGE_TYPE'));
    expect((await c.send({ ...to, msgtype: 'text', image: { media_id: 'x' } })).errcode).toBe(code('EMPTY_CONTENT'));
    expect((await c.send({ ...to, ...text('') })).errcode).toBe(code('EMPTY_CONTENT'));
    expect((await c.send({ ...to, msgtype: 'markdown', markdown: { content: 'a'.repeat(2049) } })).errcode).toBe(code('CONTENT_TOO_LARGE'));
    expect((await c.send({ ...to, msgtype: 'markdown', markdown: { content: 'a'.repeat(2048) } })).errcode).toBe(0);
    expect((await c.send({ ...to, ...text('字'.repeat(1000)) })).errcode).toBe(0);
    const inbox = await c.inbox(c.users[0]!);
    // 3 000 bytes cut at 2 048 bytes, never inside a character (682 characters of 3 bytes).
    expect((inbox[1]!['content'] as { content: string }).content).toBe('字'.repeat(682));
  });

  it('When a media body names an unknown or expired media_id, then 40007; a live one is delivered', async () => {
    const c = await messageCorp(target);
    const to = { touser: c.users[0] };
    expect((await c.send({ ...to, msgtype: 'image', image: {} })).errcode).toBe(code('MEDIA_ID_MISSING'));
    expect((await c.send({ ...to, msgtype: 'image', image: { media_id: 'nope' } })).errcode).toBe(code('INVALID_MEDIA_ID'));
    const id = await c.upload('image', JPEG);
    expect((await c.send({ ...to, msgtype: 'image', image: { media_id: id } })).errcode).toBe(0);
    expect((await c.send({ ...to, msgtype: 'file', file: { media_id: id } })).errcode).toBe(0);
    await c.advance(3 * 86400);
    expect((await c.send({ ...to, msgtype: 'image', image: { media_id: id } })).errcode).toBe(code('INVALID_MEDIA_ID'));
  });

  it('When news has safe, too many or no articles, then 40074 / 45008 / 44004; textcard needs title, description, url', async () => {
    const c = await messageCorp(target);
    const to = { touser: c.users[0] };
    const article = { title: 't', url: 'https://example.com' };
    expect((await c.send({ ...to, msgtype: 'news', news: { articles: [article] }, safe: 1 })).errcode).toBe(code('NEWS_SAFE_NOT_SUPPORTED'));
    expect((await c.send({ ...to, msgtype: 'news', news: { articles: Array(9).fill(article) } })).errcode).toBe(code('TOO_MANY_ARTICLES'));
    expect((await c.send({ ...to, msgtype: 'news', news: { articles: [] } })).errcode).toBe(code('EMPTY_CONTENT'));
    expect((await c.send({ ...to, msgtype: 'news', news: { articles: [{ title: 't' }] } })).errcode).toBe(code('URL_MISSING'));
    expect((await c.send({ ...to, msgtype: 'news', news: { articles: Array(8).fill(article) } })).errcode).toBe(0);
    expect((await c.send({ ...to, msgtype: 'textcard', textcard: { description: 'd', url: 'https://x' } })).errcode).toBe(code('TITLE_MISSING'));
    expect((await c.send({ ...to, msgtype: 'textcard', textcard: { title: 't', url: 'https://x' } })).errcode).toBe(code('DESCRIPTION_MISSING'));
    expect((await c.send({ ...to, msgtype: 'textcard', textcard: { title: 't', description: 'd' } })).errcode).toBe(code('URL_MISSING'));
    expect((await c.send({ ...to, msgtype: 'textcard', textcard: { title: 't', description: 'd', url: 'https://x' } })).errcode).toBe(0);
    const mp = { title: 't', thumb_media_id: 'nope', content: 'c' };
    expect((await c.send({ ...to, msgtype: 'mpnews', mpnews: { articles: [mp] } })).errcode).toBe(code('INVALID_MEDIA_ID'));
    const thumb = await c.upload('image', JPEG);
    expect((await c.send({ ...to, msgtype: 'mpnews', mpnews: { articles: [{ ...mp, thumb_media_id: thumb, author: 'a'.repeat(65) }] } })).errcode).toBe(
      code('ARTICLE_AUTHOR_TOO_LONG'),
    );
    expect((await c.send({ ...to, msgtype: 'mpnews', mpnews: { articles: [{ ...mp, thumb_media_id: thumb }] }, safe: 2 })).errcode).toBe(0);
  });

  it('When miniprogram_notice breaks its limits, then 41xxx / 90201–90203', async () => {
    const c = await messageCorp(target);
    const to = { touser: c.users[0], msgtype: 'miniprogram_notice' };
    const ok = { appid: 'wx123456789a123456', title: '会议提醒', content_item: [{ key: '时间', value: '明天' }] };
    expect((await c.send({ ...to, miniprogram_notice: { ...ok, appid: undefined } })).errcode).toBe(code('MINIPROGRAM_APPID_MISSING'));
    expect((await c.send({ ...to, miniprogram_notice: { ...ok, content_item: Array(11).fill({ key: 'k', value: 'v' }) } })).errcode).toBe(
      code('MINIPROGRAM_NOTICE_TOO_MANY_ITEMS'),
    );
    expect((await c.send({ ...to, miniprogram_notice: { ...ok, content_item: [{ key: 'k'.repeat(11), value: 'v' }] } })).errcode).toBe(
      code('INVALID_MINIPROGRAM_NOTICE_KEY_LENGTH'),
    );
    expect((await c.send({ ...to, miniprogram_notice: { ...ok, content_item: [{ key: 'k', value: 'v'.repeat(31) }] } })).errcode).toBe(
      code('INVALID_MINIPROGRAM_NOTICE_VALUE_LENGTH'),
    );
    expect((await c.send({ ...to, miniprogram_notice: ok })).errcode).toBe(0);
  });

  it('When template cards break their rules, then the 42xxx codes; each card type is accepted when valid', async () => {
    const c = await messageCorp(target);
    const send = (card: Record<string, unknown>) => c.send({ touser: c.users[0], msgtype: 'template_card', template_card: card });
    expect((await send({ ...buttonCard, card_type: 'poster' })).errcode).toBe(code('INVALID_TEMPLATE_CARD_TYPE'));
    expect((await send({ ...buttonCard, main_title: {} })).errcode).toBe(code('TEMPLATE_CARD_TITLE_MISSING'));
    expect((await send({ ...buttonCard, button_list: [{ text: 'a' }] })).errcode).toBe(code('INVALID_TEMPLATE_CARD_BUTTON_KEY'));
    expect((await send({ ...buttonCard, horizontal_content_list: Array(7).fill({ keyname: 'k', value: 'v' }) })).errcode).toBe(
      code('INVALID_TEMPLATE_CARD_HORIZONTAL_LIST_SIZE'),
    );
    expect((await send({ ...buttonCard, horizontal_content_list: [{ keyname: 'k', type: 3, userid: 'ghost' }] })).errcode).toBe(
      code('INVALID_TEMPLATE_CARD_HORIZONTAL_USERID'),
    );
    const notice = { card_type: 'text_notice', main_title: { title: 't' }, card_action: { type: 1, url: 'https://x' } };
    expect((await send({ ...notice, card_action: { type: 1 } })).errcode).toBe(code('TEMPLATE_CARD_URL_MISSING'));
    expect((await send({ ...notice, action_menu: { desc: 'm', action_list: [{ text: 'a', key: 'k' }, { text: 'b', key: 'k' }] }, task_id: 't' })).errcode).toBe(
      code('TEMPLATE_CARD_ACTION_MENU_KEY_CONFLICT'),
    );
    const plain = await send(notice);
    expect(plain.errcode).toBe(0);
    expect(plain.json?.['response_code']).toBeUndefined();
    expect((await send({ card_type: 'news_notice', main_title: { title: 't' }, card_image: { url: 'https://x/i.png' }, card_action: { type: 1, url: 'https://x' } })).errcode).toBe(0);
    const vote = {
      card_type: 'vote_interaction',
      main_title: { title: '投票' },
      task_id: 'vote1',
      checkbox: { question_key: 'q', option_list: [{ id: 'a', text: 'A' }] },
      submit_button: { text: '提交', key: 'submit' },
    };
    expect((await send({ ...vote, checkbox: { question_key: 'q', option_list: [] } })).errcode).toBe(code('INVALID_TEMPLATE_CARD_OPTION_LIST_SIZE'));
    expect((await send({ ...vote, submit_button: { text: '提交' } })).errcode).toBe(code('INVALID_TEMPLATE_CARD_SUBMIT_KEY'));
    expect((await send(vote)).json?.['response_code']).toEqual(expect.any(String));
    const multiple = {
      card_type: 'multiple_interaction',
      main_title: { title: '选择' },
      task_id: 'multi1',
      select_list: [{ question_key: 'q1', option_list: [{ id: 'a', text: 'A' }] }],
      submit_button: { text: '提交', key: 'submit' },
    };
    expect((await send({ ...multiple, select_list: Array(4).fill(multiple.select_list[0]) })).errcode).toBe(code('INVALID_TEMPLATE_CARD_SELECT_LIST_SIZE'));
    expect((await send(multiple)).errcode).toBe(0);
  });

  it('When enable_duplicate_check repeats a request within the window, then it is not delivered again; after the window it is', async () => {
    const c = await messageCorp(target);
    const body = { touser: c.users[0], ...text('once'), enable_duplicate_check: 1, duplicate_check_interval: 600 };
    const first = await c.send(body);
    const again = await c.send(body);
    expect(again.errcode).toBe(0);
    expect(again.json?.['msgid']).toBe(first.json?.['msgid']);
    let inbox = await c.inbox(c.users[0]!);
    expect(inbox.filter((m) => m['delivered'])).toHaveLength(1);
    expect(inbox[1]).toMatchObject({ delivered: false, dropped_reason: 'duplicate' });
    await c.advance(601);
    expect((await c.send(body)).json?.['msgid']).not.toBe(first.json?.['msgid']);
    inbox = await c.inbox(c.users[0]!);
    expect(inbox.filter((m) => m['delivered'])).toHaveLength(2);
  });

  it('When a member gets more than 30 messages a minute from the app, then the excess is dropped silently and recorded', async () => {
    const c = await messageCorp(target);
    const u = c.users[0]!;
    for (let i = 0; i < 31; i++) expect((await c.send({ touser: u, ...text(`m${i}`) })).errcode).toBe(0);
    let inbox = await c.inbox(u);
    expect(inbox.filter((m) => m['delivered'])).toHaveLength(30);
    expect(inbox[30]).toMatchObject({ delivered: false, dropped_reason: 'member_minute_limit' });
    await c.advance(60);
    await c.send({ touser: u, ...text('next minute') });
    inbox = await c.inbox(u);
    expect(inbox[31]).toMatchObject({ delivered: true });
  });

  it('When the app exceeds seats × 200 recipient-sends in a day, then 45009 and nothing is sent; the next day it works', async () => {
    const c = await messageCorp(target, { settings: { message_seats: 1 } });
    const two = `${c.users[0]}|${c.users[1]}`;
    // 200 a day: 100 sends to 2 members; per-member minute windows are reset by moving the clock.
    for (let i = 0; i < 100; i++) {
      expect((await c.send({ touser: two, ...text(`m${i}`) })).errcode).toBe(0);
      if (i % 25 === 24) await c.advance(61);
    }
    const before = (await c.inbox(c.users[0]!)).length;
    expect((await c.send({ touser: c.users[0], ...text('over') })).errcode).toBe(code('API_FREQ_OUT_OF_LIMIT'));
    expect(await c.inbox(c.users[0]!)).toHaveLength(before);
    await c.advance(86400);
    expect((await c.send({ touser: c.users[0], ...text('tomorrow') })).errcode).toBe(0);
  });

  it('When a member has no interface license, then unlicenseduser names them and they receive nothing', async () => {
    const c = await messageCorp(target);
    await target.admin('PUT', `/__mock/corps/${c.corp.corpid}/licenses`, { unlicensed: [c.users[1]] });
    const r = await c.send({ touser: `${c.users[0]}|${c.users[1]}`, ...text() });
    expect(r.json?.['unlicenseduser']).toBe(c.users[1]!.toLowerCase());
    expect((await c.inbox(c.users[1]!))[0]).toMatchObject({ delivered: false, dropped_reason: 'unlicensed' });
  });

  // No recipient with permission left: the call fails with 81013 (developer.work.weixin.qq.com/document/path/90236);
  // members without a licence are recipients without permission, so a send that reaches only them fails.
  it('When every recipient is unlicensed or outside the range, then 81013 and nothing is filed', async () => {
    const c = await messageCorp(target);
    await target.admin('PUT', `/__mock/corps/${c.corp.corpid}/licenses`, { unlicensed: [c.users[1]] });
    const r = await c.send({ touser: `${c.users[1]}|nobody_here`, ...text() });
    expect(r.errcode).toBe(code('ALL_RECIPIENTS_INVALID'));
    expect(await c.inbox(c.users[1]!)).toHaveLength(0);
  });

  it('When a textcard btntxt is longer than 4 characters, then it is cut to 4 ("超过自动截断", doc path/90236)', async () => {
    const c = await messageCorp(target);
    const r = await c.send({ touser: c.users[0], msgtype: 'textcard', textcard: { title: 't', description: 'd', url: 'https://example.test', btntxt: '查看更多详情' } });
    expect(r.errcode).toBe(0);
    const [entry] = await c.inbox(c.users[0]!);
    expect(JSON.stringify(entry)).toContain('"btntxt":"查看更多"');
  });
});

describe.skipIf(!target.isMock)('message/recall', () => {
  it('When a message is recalled within 24 h, then ok and the inbox marks it; later → 42052; unknown → 40058', async () => {
    const c = await messageCorp(target);
    const a = await c.send({ touser: c.users[0], ...text('a') });
    expect((await call(target, 'message_recall', { token: c.token, body: { msgid: a.json?.['msgid'] as string } })).errcode).toBe(0);
    expect((await c.inbox(c.users[0]!))[0]).toMatchObject({ recalled: true });
    const b = await c.send({ touser: c.users[0], ...text('b') });
    await c.advance(86400);
    expect((await call(target, 'message_recall', { token: c.token, body: { msgid: b.json?.['msgid'] as string } })).errcode).toBe(code('MSGID_EXPIRED'));
    expect((await call(target, 'message_recall', { token: c.token, body: { msgid: 'nope' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});

describe.skipIf(!target.isMock)('message/update_template_card and the simulated click', () => {
  it('When the response_code of the send is used, then the card is updated once; a second use → 60140', async () => {
    const c = await messageCorp(target);
    const r = await c.send({ touser: c.users[0], msgtype: 'template_card', template_card: buttonCard });
    const rc = r.json?.['response_code'] as string;
    const upd = { agentid: c.agentid, response_code: rc, button: { replace_name: '已处理' } };
    expect((await call(target, 'message_update_template_card', { token: c.token, body: upd })).errcode).toBe(0);
    expect((await c.inbox(c.users[0]!))[0]!['content']).toMatchObject({ replace_text: '已处理' });
    expect((await call(target, 'message_update_template_card', { token: c.token, body: upd })).errcode).toBe(code('INVALID_RESPONSE_CODE'));
    expect((await call(target, 'message_update_template_card', { token: c.token, body: { ...upd, response_code: 'nope' } })).errcode).toBe(code('INVALID_RESPONSE_CODE'));
  });

  it('When a member clicks the card, then template_card_event is emitted and its ResponseCode works for 72 h', async () => {
    const c = await messageCorp(target);
    const r = await c.send({ touser: c.users[0], msgtype: 'template_card', template_card: buttonCard });
    const click = await target.admin<{ response_code: string; event: Record<string, unknown> }>('POST', '/__mock/simulate/template-card-click', {
      corpid: c.corp.corpid,
      msgid: r.json?.['msgid'],
      userid: c.users[0],
      key: 'no',
    });
    expect(click.status).toBe(201);
    expect(click.json.event).toMatchObject({ Event: 'template_card_event', EventKey: 'no', TaskId: 'task1', CardType: 'button_interaction', ResponseCode: click.json.response_code });
    const notReceived = await target.admin('POST', '/__mock/simulate/template-card-click', { corpid: c.corp.corpid, msgid: r.json?.['msgid'], userid: c.users[1] });
    expect(notReceived.status).toBe(409);
    await c.advance(72 * 3600);
    const late = { agentid: c.agentid, response_code: click.json.response_code, button: { replace_name: 'x' } };
    expect((await call(target, 'message_update_template_card', { token: c.token, body: late })).errcode).toBe(code('INVALID_RESPONSE_CODE'));
  });
});
