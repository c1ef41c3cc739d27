import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEncryptedReply, decrypt, decryptEnvelope, encrypt, signature, verifyUrl } from '../core/crypto/index.js';
import { xmlToJson } from '../domains/callbacks/index.js';
import { checkCallback, formatJunit, runCallbackCheck } from './index.js';

const TOKEN = 'QDG6eK';
const KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORPID = 'wx5823bf96d3bd56c7';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

type Handler = (method: string, q: URLSearchParams, body: string) => { status: number; body: string };

async function receiver(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const out = handler(req.method ?? 'GET', u.searchParams, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(out.status);
      res.end(out.body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
}

/** A careful receiver: checks everything, refuses reused nonces, replies once per MsgId. */
function careful(): Handler {
  const nonces = new Set<string>();
  const seen = new Set<string>();
  return (method, q, body) => {
    const p = { token: TOKEN, encodingAesKey: KEY, receiveId: CORPID, msgSignature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '' };
    try {
      if (method === 'GET') return { status: 200, body: verifyUrl({ ...p, echostr: q.get('echostr') ?? '' }) };
      const opened = decryptEnvelope({ ...p, body });
      if (nonces.has(p.nonce)) return { status: 403, body: 'replay' };
      nonces.add(p.nonce);
      const msg = xmlToJson(opened.message);
      const msgId = msg['MsgId'];
      if (typeof msgId !== 'string') return { status: 200, body: '' };
      if (seen.has(msgId)) return { status: 200, body: 'success' };
      seen.add(msgId);
      const reply = `<xml><ToUserName>${String(msg['FromUserName'])}</ToUserName><FromUserName>${CORPID}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>ok</Content></xml>`;
      return { status: 200, body: buildEncryptedReply({ token: TOKEN, encodingAesKey: KEY, receiveId: CORPID, message: reply, timestamp: 1, nonce: 'n' }) };
    } catch {
      return { status: 403, body: 'refused' };
    }
  };
}

/** A naive receiver: decrypts without checking the signature or the receiveid, replies to everything. */
const naive: Handler = (method, q, body) => {
  if (method === 'GET') return { status: 200, body: decrypt(q.get('echostr') ?? '', KEY).message };
  const enc = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(body)?.[1] ?? '';
  const msg = xmlToJson(decrypt(enc, KEY).message);
  const reply = `<xml><ToUserName>${String(msg['FromUserName'])}</ToUserName><FromUserName>${CORPID}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content></xml>`;
  return { status: 200, body: buildEncryptedReply({ token: TOKEN, encodingAesKey: KEY, receiveId: CORPID, message: reply, timestamp: 1, nonce: 'n' }) };
};

describe('receiver checker', () => {
  it('passes a careful receiver on every check', async () => {
    const url = await receiver(careful());
    const report = await runCallbackCheck({ url, token: TOKEN, encodingAesKey: KEY, corpid: CORPID });
    expect(report.results.map((r) => [r.name, r.status])).toEqual([
      ['url_verification', 'pass'],
      ['url_verification_bad_signature', 'pass'],
      ['valid_event', 'pass'],
      ['bad_signature', 'pass'],
      ['wrong_receiveid', 'pass'],
      ['replayed_nonce', 'pass'],
      ['duplicate_delivery', 'pass'],
      ['slow_path', 'pass'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('fails a naive receiver on forged signatures, wrong receiveid and duplicates, and warns on replays', async () => {
    const url = await receiver(naive);
    const report = await runCallbackCheck({ url, token: TOKEN, encodingAesKey: KEY, corpid: CORPID });
    const status = Object.fromEntries(report.results.map((r) => [r.name, r.status]));
    expect(status).toMatchObject({
      url_verification: 'pass',
      url_verification_bad_signature: 'fail',
      valid_event: 'pass',
      bad_signature: 'fail',
      wrong_receiveid: 'fail',
      replayed_nonce: 'warn',
      duplicate_delivery: 'fail',
    });
    expect(report.ok).toBe(false);
  });

  it('fails URL verification answered with a trailing newline and says why', async () => {
    const good = careful();
    const url = await receiver((m, q, b) => {
      const out = good(m, q, b);
      return m === 'GET' ? { ...out, body: `${out.body}\n` } : out;
    });
    const report = await runCallbackCheck({ url, token: TOKEN, encodingAesKey: KEY, corpid: CORPID, skip: ['slow_path'] });
    const v = report.results.find((r) => r.name === 'url_verification')!;
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/whitespace or newline/);
    expect(report.results.find((r) => r.name === 'slow_path')!.status).toBe('skip');
  });

  it('asks the processed-url hook when the receiver sends no replies', async () => {
    const counts = new Map<string, number>();
    const url = await receiver((method, q, body) => {
      if (method === 'GET' && q.has('msgid')) return { status: 200, body: JSON.stringify({ count: counts.get(q.get('msgid')!) ?? 0 }) };
      const p = { token: TOKEN, encodingAesKey: KEY, receiveId: CORPID, msgSignature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '' };
      try {
        if (method === 'GET') return { status: 200, body: verifyUrl({ ...p, echostr: q.get('echostr') ?? '' }) };
        const msg = xmlToJson(decryptEnvelope({ ...p, body }).message);
        // No deduplication: every copy is processed.
        if (typeof msg['MsgId'] === 'string') counts.set(msg['MsgId'], (counts.get(msg['MsgId']) ?? 0) + 1);
        return { status: 200, body: '' };
      } catch {
        return { status: 403, body: '' };
      }
    });
    const report = await runCallbackCheck({ url, token: TOKEN, encodingAesKey: KEY, corpid: CORPID, processedUrl: url });
    const dup = report.results.find((r) => r.name === 'duplicate_delivery')!;
    expect(dup.status).toBe('fail');
    expect(dup.message).toMatch(/processed 2 times/);
  });

  it('prints JUnit XML and exits non-zero on failure, 2 on bad options', async () => {
    const url = await receiver(naive);
    let printed = '';
    const code = await checkCallback(['--url', url, '--token', TOKEN, '--aes-key', KEY, '--corpid', CORPID, '--format', 'junit'], (s) => {
      printed += s;
    });
    expect(code).toBe(1);
    expect(printed).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="wecom-mock check-callback" tests="8" failures="4"/);
    expect(printed).toContain('<failure message="accepted a POST whose msg_signature does not match');
    const bad = await checkCallback(['--url', url, '--token', TOKEN, '--aes-key', 'short', '--corpid', CORPID], () => {});
    expect(bad).toBe(2);
  });

  it('escapes report text in JUnit XML', () => {
    const xml = formatJunit({
      url: 'http://x/?a=1&b=<2>',
      corpid: 'c',
      started_at: '2024-01-01T00:00:00.000Z',
      results: [{ name: 'n', title: 't', severity: 'required', status: 'fail', message: 'a "quoted" <tag> & more', duration_ms: 1, details: {} }],
      passed: 0,
      failed: 1,
      warned: 0,
      skipped: 0,
      ok: false,
    });
    expect(xml).toContain('name="http://x/?a=1&amp;b=&lt;2&gt;"');
    expect(xml).toContain('message="a &quot;quoted&quot; &lt;tag&gt; &amp; more"');
  });
});

/** An AI bot's careful JSON receiver: checks signature and the empty receiveid, answers each msgid once with a JSON reply. */
function carefulBot(): Handler {
  const nonces = new Set<string>();
  const seen = new Set<string>();
  return (method, q, body) => {
    const ts = q.get('timestamp') ?? '';
    const nonce = q.get('nonce') ?? '';
    const sig = q.get('msg_signature') ?? '';
    try {
      if (method === 'GET') {
        const echostr = q.get('echostr') ?? '';
        if (signature(TOKEN, ts, nonce, echostr) !== sig) return { status: 403, body: 'bad signature' };
        const opened = decrypt(echostr, KEY);
        return opened.receiveId === '' ? { status: 200, body: opened.message } : { status: 403, body: 'receiveid' };
      }
      const enc = String((JSON.parse(body) as { encrypt?: unknown }).encrypt ?? '');
      if (signature(TOKEN, ts, nonce, enc) !== sig) return { status: 403, body: 'bad signature' };
      const opened = decrypt(enc, KEY);
      if (opened.receiveId !== '') return { status: 403, body: 'receiveid' };
      if (nonces.has(nonce)) return { status: 403, body: 'replay' };
      nonces.add(nonce);
      const msg = JSON.parse(opened.message) as { msgid: string; msgtype: string };
      if (msg.msgtype !== 'text' || seen.has(msg.msgid)) return { status: 200, body: '' };
      seen.add(msg.msgid);
      const replyEnc = encrypt(JSON.stringify({ msgtype: 'text', text: { content: 'ok' } }), '', KEY);
      return { status: 200, body: JSON.stringify({ encrypt: replyEnc, msgsignature: signature(TOKEN, '1', 'n', replyEnc), timestamp: 1, nonce: 'n' }) };
    } catch {
      return { status: 403, body: 'refused' };
    }
  };
}

describe('receiver checker, AI bot mode', () => {
  it('passes a careful JSON bot receiver: empty receiveid, JSON bodies and replies', async () => {
    const url = await receiver(carefulBot());
    const report = await runCallbackCheck({ url, token: TOKEN, encodingAesKey: KEY, corpid: '', aibot: { botid: 'aibBOT1' } });
    expect(report.results.filter((r) => r.status !== 'pass').map((r) => [r.name, r.status, r.message])).toEqual([]);
    expect(report.corpid).toBe('');
  });

  it('fails an XML-minded receiver that expects the corpid as receiveid', async () => {
    const url = await receiver(careful());
    const code = await checkCallback(['--aibot', 'aibBOT1', '--url', url, '--token', TOKEN, '--aes-key', KEY, '--format', 'json'], () => {});
    expect(code).toBe(1);
  });
});
