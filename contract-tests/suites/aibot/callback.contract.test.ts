/**
 * AI bot JSON callbacks (developer.work.weixin.qq.com/document/path/100719): a member's message reaches
 * the bot's URL as encrypted JSON, the bot answers with a stream, the mock asks for the stream with refresh
 * callbacks until it finishes, and the member's inbox shows the assembled answer. Also the 6-minute window,
 * the response_url (once, 1 hour) and refused replies.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { JsonBotReceiver, createBot, eventually, freshKeys, inbox, member, withCallbackBot, type BotAnswer, type BotCallback } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('AI bot JSON callbacks', () => {
  it('When a member writes to a JSON bot that answers with a stream, then refreshes follow until finish and the inbox shows the assembled answer', () => {
    const parts = ['Hel', 'Hello, wor', 'Hello, world'];
    let refreshes = 0;
    const answer = (cb: BotCallback): BotAnswer => {
      if (cb.json['msgtype'] === 'text') return { msgtype: 'stream', stream: { id: 'stream-1', finish: false, content: parts[0] } };
      if (cb.json['msgtype'] === 'stream') {
        refreshes += 1;
        return { msgtype: 'stream', stream: { id: (cb.json['stream'] as { id: string }).id, finish: refreshes === 2, content: parts[refreshes] } };
      }
      return null;
    };
    return withCallbackBot(target, { answer, bot: { name: 'Helper', stream_refresh_ms: 20 } }, async ({ corp, rx, bot }) => {
      expect(bot.mode).toBe('callback');
      const userid = member(corp);
      const sim = await target.admin<{ msgid: string; delivery: string }>('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid, content: 'hi bot' });
      expect(sim.status).toBe(201);
      expect(sim.json.delivery).toBe('callback');
      await rx.until(() => rx.received.length >= 3);
      const first = rx.received[0]!;
      expect(first.receiveId).toBe('');
      expect(Object.keys(first.query).sort()).toEqual(['msg_signature', 'nonce', 'timestamp']);
      expect(first.json).toMatchObject({ msgid: sim.json.msgid, aibotid: bot.botid, chattype: 'single', from: { userid }, msgtype: 'text', text: { content: 'hi bot' } });
      expect(String(first.json['response_url'])).toMatch(/\/cgi-bin\/aibot\/response\?response_code=/);
      const refresh = rx.received[1]!.json;
      expect(refresh).toMatchObject({ aibotid: bot.botid, msgtype: 'stream', stream: { id: 'stream-1' }, from: { userid } });
      expect(refresh['msgid']).not.toBe(sim.json.msgid);
      const msgs = await eventually(() => inbox(target, corp, userid), (m) => m.some((x) => x.content['finish'] === true));
      const answer = msgs.find((m) => m.source === 'aibot')!;
      expect(answer).toMatchObject({ aibotid: bot.botid, msgtype: 'stream', content: { id: 'stream-1', content: 'Hello, world', finish: true } });
      // Finished: no more refreshes.
      await new Promise((r) => setTimeout(r, 100));
      expect(rx.received.length).toBe(3);
      const view = await target.admin<{ streams: Array<{ state: string; refreshes: number; content: string }> }>('GET', `/__mock/corps/${corp.corpid}/aibots/${bot.botid}`);
      expect(view.json.streams).toEqual([expect.objectContaining({ state: 'finished', refreshes: 2, content: 'Hello, world' })]);
    });
  });

  it('When a group member @mentions the bot, then the callback carries chatid and the mention', () =>
    withCallbackBot(target, { bot: { name: 'Helper' } }, async ({ corp, rx, bot }) => {
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), chattype: 'group', chatid: 'wrGROUP1', content: 'status?' });
      await rx.until(() => rx.received.length >= 1);
      expect(rx.received[0]!.json).toMatchObject({ chattype: 'group', chatid: 'wrGROUP1', text: { content: '@Helper status?' } });
      const img = await target.admin<{ error: { code: string } }>('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), chattype: 'group', msgtype: 'image' });
      expect(img.status).toBe(400);
      expect(img.json.error.code).toBe('single_chat_only');
    }));

  it('When the bot never finishes its stream, then 6 minutes after the message the mock stops refreshing and the stream is expired', () =>
    withCallbackBot(target, { answer: (cb) => ({ msgtype: 'stream', stream: { id: 'slow', finish: false, content: `part ${String(cb.json['msgtype'])}` } }), bot: { stream_refresh_ms: 50 } }, async ({ corp, rx, bot }) => {
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), content: 'long task' });
      await rx.until(() => rx.received.length >= 2);
      const adv = await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 361 });
      expect(adv.status).toBe(200);
      const view = await eventually(
        () => target.admin<{ streams: Array<{ state: string }> }>('GET', `/__mock/corps/${corp.corpid}/aibots/${bot.botid}`),
        (v) => v.json.streams[0]?.state === 'expired',
      );
      expect(view.json.streams[0]!.state).toBe('expired');
      const n = rx.received.length;
      await new Promise((r) => setTimeout(r, 200));
      expect(rx.received.length).toBeLessThanOrEqual(n + 1);
    }));

  it('When the bot answers through the response_url, then it works once and the inbox shows it; a second use answers 60140', () =>
    withCallbackBot(target, async ({ corp, rx, bot }) => {
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), content: 'report please' });
      await rx.until(() => rx.received.length >= 1);
      const url = String(rx.received[0]!.json['response_url']);
      const body = { msgtype: 'markdown', markdown: { content: '**Report** ready' } };
      const post = (): Promise<{ errcode: number }> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ errcode: number }>);
      expect((await post()).errcode).toBe(0);
      expect((await post()).errcode).toBe(60140);
      const msgs = await inbox(target, corp, member(corp));
      expect(msgs.find((m) => m.msgtype === 'markdown')?.content).toEqual({ content: '**Report** ready' });
    }));

  it('When a response_url is used after 1 hour, then it answers 60140', () =>
    withCallbackBot(target, async ({ corp, rx, bot }) => {
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), content: 'x' });
      await rx.until(() => rx.received.length >= 1);
      await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 3601 });
      const r = await fetch(String(rx.received[0]!.json['response_url']), { method: 'POST', body: JSON.stringify({ msgtype: 'markdown', markdown: { content: 'late' } }) });
      expect(((await r.json()) as { errcode: number }).errcode).toBe(60140);
    }));

  it('When the bot answers a message with a bad signature or a text, then the answer is recorded as refused and nothing reaches the inbox', () =>
    withCallbackBot(target, { answer: () => ({ msgtype: 'text', text: { content: 'plain' } }) }, async ({ corp, rx, bot }) => {
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), content: 'a' });
      await rx.until(() => rx.received.length >= 1);
      rx.answer = () => ({ raw: JSON.stringify({ ...rx.seal({ msgtype: 'stream', stream: { id: 'x', content: 'y' } }), msgsignature: '0'.repeat(40) }) });
      const view = await eventually(
        () => target.admin<{ exchanges: Array<{ direction: string; error: string | null }> }>('GET', `/__mock/corps/${corp.corpid}/aibots/${bot.botid}`),
        (v) => v.json.exchanges.filter((e) => e.direction === 'out').length >= 1,
      );
      expect(view.json.exchanges.find((e) => e.direction === 'out')?.error).toMatch(/answered with stream/);
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), content: 'b' });
      const view2 = await eventually(
        () => target.admin<{ exchanges: Array<{ direction: string; error: string | null }> }>('GET', `/__mock/corps/${corp.corpid}/aibots/${bot.botid}`),
        (v) => v.json.exchanges.filter((e) => e.direction === 'out').length >= 2,
      );
      expect(view2.json.exchanges.filter((e) => e.direction === 'out')[1]?.error).toMatch(/msgsignature/);
      expect((await inbox(target, corp, member(corp))).filter((m) => m.source === 'aibot')).toEqual([]);
    }));

  it('When a bot URL is verified, then the echostr is sealed with an empty receiveid and the answer checked', () =>
    withCallbackBot(target, async ({ corp, rx, bot }) => {
      const r = await target.admin<{ ok: boolean }>('POST', `/__mock/corps/${corp.corpid}/aibots/${bot.botid}/verify`);
      expect(r.json.ok).toBe(true);
      const creds = await target.admin<{ aibots: Array<{ botid: string }> }>('GET', `/__mock/corps/${corp.corpid}`);
      expect(creds.json.aibots.map((b) => b.botid)).toEqual([bot.botid]);
    }));

  it("When a tamper rule names one bot, then only that bot's callbacks are forged and its receiver refuses them", async () => {
    const corp = await target.newCorp();
    const keys = freshKeys();
    const other = freshKeys();
    const rx = await JsonBotReceiver.start(keys.token, keys.encoding_aes_key);
    const rx2 = await JsonBotReceiver.start(other.token, other.encoding_aes_key);
    try {
      const bot = await createBot(target, corp, { ...keys, url: rx.url });
      const bot2 = await createBot(target, corp, { ...other, url: rx2.url });
      const rule = await target.admin('POST', '/__mock/callbacks/rules', { corpid: corp.corpid, mode: 'bad_signature', botid: bot.botid, count: 1 });
      expect(rule.status).toBe(201);
      const missing = await target.admin<{ error: { code: string } }>('POST', '/__mock/callbacks/rules', { corpid: corp.corpid, mode: 'delay', delay_ms: 5, botid: 'aibNOPE' });
      expect(missing.json.error.code).toBe('aibot_not_found');
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot2.botid, userid: member(corp), content: 'untouched' });
      await rx2.until(() => rx2.received.length >= 1);
      expect(rx2.refused).toEqual([]);
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), content: 'forged once' });
      // A refused delivery wakes no waiter of the receiver: poll what it refused.
      for (let i = 0; i < 100 && rx.refused.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(rx.refused[0]).toBe('bad signature');
    } finally {
      await rx.close();
      await rx2.close();
    }
  });
});
