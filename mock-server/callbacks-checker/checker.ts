/**
 * The receiver checker: runs a battery of WeCom callback requests against a user's callback endpoint and
 * reports what a real WeCom would run into. Facts: doc path/90930, 90238, 90968, 90241 (URL check within 1 s,
 * signed encrypted POSTs answered within 5 s, retries that a receiver must deduplicate, passive replies).
 *
 * Severity: `required` checks are what WeCom itself depends on or what keeps forged requests out;
 * `recommended` ones (replay protection) are good practice — they fail the run only with `strict`.
 */
import { randomBytes } from 'node:crypto';
import { withQuery } from '../core/pipeline/url.js';
import { decrypt, encrypt, parseEncryptedReply, signature } from '../core/crypto/index.js';
import { LIMITS } from '../../spec/generated/limits.js';
import { CallbackHttp, renderPlaintext, xmlToJson, type HttpResult } from '../domains/callbacks/index.js';

export interface CheckOptions {
  url: string;
  token: string;
  encodingAesKey: string;
  /** receiveid the receiver expects (the corpid for self-built apps). */
  corpid: string;
  agentid?: number;
  /** FromUserName of the messages sent. */
  userid?: string;
  /**
   * Optional hook on the receiver's side that tells how many times it processed a MsgId:
   * GET `<processedUrl>?msgid=<MsgId>` → `{"count": n}` or a bare number.
   */
  processedUrl?: string;
  /** Check names to leave out. */
  skip?: string[];
  /** Clock for timestamps (seconds); defaults to the wall clock. */
  nowSec?: () => number;
  /**
   * An AI bot's receiver (智能机器人, developer.work.weixin.qq.com/document/path/100719): JSON bodies
   * `{"encrypt": …}`, receiveid empty, JSON messages, JSON passive replies. `corpid` is then ignored.
   */
  aibot?: { botid: string };
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  name: string;
  title: string;
  severity: 'required' | 'recommended';
  status: CheckStatus;
  message: string;
  duration_ms: number;
  /** What was sent and answered, for the report. */
  details: Record<string, unknown>;
}

export interface CheckReport {
  url: string;
  corpid: string;
  started_at: string;
  results: CheckResult[];
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  /** True when no required check failed (and, with strict, no recommended one either). */
  ok: boolean;
}

export const CHECKS = [
  'url_verification',
  'url_verification_bad_signature',
  'valid_event',
  'bad_signature',
  'wrong_receiveid',
  'replayed_nonce',
  'duplicate_delivery',
  'slow_path',
] as const;

const VERIFY_MS = LIMITS.lifetime.callback_verify_timeout.seconds * 1000;
const REPLY_MS = LIMITS.lifetime.callback_reply_timeout.seconds * 1000;
const BODY_CAP = 64 * 1024;

function digits(n: number): string {
  let s = String(1 + (randomBytes(1)[0]! % 8));
  for (const b of randomBytes(n - 1)) s += String(b % 10);
  return s;
}

function randomPrefix(): Buffer {
  return Buffer.from(randomBytes(12).toString('base64url').slice(0, 16), 'latin1');
}

function short(body: string | null): string | null {
  if (body === null) return null;
  return body.length > 200 ? `${body.slice(0, 200)}…` : body;
}

function answered(r: HttpResult): string {
  if (r.outcome === 'timeout') return 'no answer in time';
  if (r.outcome === 'network_error') return `network error (${r.error})`;
  return `HTTP ${r.status}${r.body ? ` "${short(r.body)}"` : ' (empty body)'}`;
}

/**
 * A bot's passive reply: `{"encrypt","msgsignature","timestamp","nonce"}`, signed over its own timestamp and
 * nonce and sealed with an empty receiveid, holding a JSON message (doc path/100719).
 */
function jsonReplyOf(text: string, token: string, aesKey: string): { kind: 'message' | 'invalid'; detail: string } {
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return { kind: 'invalid', detail: 'the reply is not a JSON object' };
    o = v as Record<string, unknown>;
  } catch {
    return { kind: 'invalid', detail: 'the reply is not JSON' };
  }
  const missing = ['encrypt', 'msgsignature', 'timestamp', 'nonce'].filter((k) => o[k] === undefined);
  if (missing.length) return { kind: 'invalid', detail: `the reply lacks ${missing.join(', ')}` };
  if (signature(token, String(o['timestamp']), String(o['nonce']), String(o['encrypt'])) !== String(o['msgsignature'])) {
    return { kind: 'invalid', detail: 'msgsignature does not match sha1(sort(token, timestamp, nonce, encrypt))' };
  }
  try {
    const opened = decrypt(String(o['encrypt']), aesKey);
    if (opened.receiveId !== '') return { kind: 'invalid', detail: `the reply is sealed for receiveid "${opened.receiveId}", a bot's is empty` };
    const msg = JSON.parse(opened.message) as Record<string, unknown>;
    return { kind: 'message', detail: `passive reply msgtype ${String(msg['msgtype'])}` };
  } catch (e) {
    return { kind: 'invalid', detail: (e as Error).message };
  }
}

/** Runs the battery; never throws for receiver behaviour (only for bad options). */
export async function runCallbackCheck(opts: CheckOptions): Promise<CheckReport> {
  const started = new Date();
  const http = new CallbackHttp();
  const now = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
  const agentid = opts.agentid ?? 1000002;
  const userid = opts.userid ?? 'wecom-mock-checker';
  const skip = new Set(opts.skip ?? []);
  const results: CheckResult[] = [];
  const base = new URL(opts.url);
  const aibot = opts.aibot;
  // A bot's callbacks are sealed with an empty receiveid; an app's with the corpid.
  const receiveId = aibot ? '' : opts.corpid;
  const otherReceiveId = aibot ? 'wwcheckerother0000' : `${opts.corpid}x`;

  const signed = (q: Record<string, string>): URL => new URL(withQuery(base, q));

  /** A signed POST of `plaintext`, optionally with tampering. */
  const post = async (
    plaintext: string,
    tweak: { receiveId?: string; badSignature?: boolean; timestamp?: string; nonce?: string } = {},
  ): Promise<{ r: HttpResult; query: Record<string, string>; body: string }> => {
    const timestamp = tweak.timestamp ?? String(now());
    const nonce = tweak.nonce ?? digits(10);
    const enc = encrypt(plaintext, tweak.receiveId ?? receiveId, opts.encodingAesKey, randomPrefix());
    let sig = signature(opts.token, timestamp, nonce, enc);
    if (tweak.badSignature) sig = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    const body = aibot
      ? JSON.stringify({ encrypt: enc })
      : `<xml><ToUserName><![CDATA[${opts.corpid}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[${agentid}]]></AgentID></xml>`;
    const query = { msg_signature: sig, timestamp, nonce };
    const r = aibot
      ? await http.request('POST', signed(query), body, REPLY_MS, BODY_CAP, 'application/json; charset=utf-8')
      : await http.request('POST', signed(query), body, REPLY_MS, BODY_CAP);
    return { r, query, body };
  };

  const textMessage = (content: string, msgId: string): string =>
    aibot
      ? JSON.stringify({ msgid: msgId, aibotid: aibot.botid, chattype: 'single', from: { userid }, msgtype: 'text', text: { content } })
      : renderPlaintext(
          { toUserName: opts.corpid, fromUserName: userid, createTime: now(), msgType: 'text', agentId: agentid },
          { Content: content, MsgId: msgId },
        );

  /** What a 200 body means: none, a valid passive reply, or an invalid one. */
  const replyOf = (r: HttpResult): { kind: 'none' | 'message' | 'invalid'; detail: string } => {
    const text = (r.body ?? '').trim();
    if (text === '' || text === 'success') return { kind: 'none', detail: 'no reply' };
    if (aibot) return jsonReplyOf(text, opts.token, opts.encodingAesKey);
    try {
      const opened = parseEncryptedReply({ token: opts.token, encodingAesKey: opts.encodingAesKey, receiveId: opts.corpid, body: r.body ?? '' });
      const msg = xmlToJson(opened.message);
      return { kind: 'message', detail: `passive reply MsgType ${String(msg['MsgType'])}` };
    } catch (e) {
      return { kind: 'invalid', detail: (e as Error).message };
    }
  };

  const run = async (
    name: (typeof CHECKS)[number],
    title: string,
    severity: CheckResult['severity'],
    body: () => Promise<{ status: CheckStatus; message: string; details?: Record<string, unknown> }>,
  ): Promise<void> => {
    if (skip.has(name)) {
      results.push({ name, title, severity, status: 'skip', message: 'skipped on request', duration_ms: 0, details: {} });
      return;
    }
    const t0 = performance.now();
    let out: { status: CheckStatus; message: string; details?: Record<string, unknown> };
    try {
      out = await body();
    } catch (e) {
      out = { status: 'fail', message: `checker error: ${(e as Error).message}` };
    }
    // A recommended check that fails is a warning, not a failure.
    const status = out.status === 'fail' && severity === 'recommended' ? 'warn' : out.status;
    results.push({ name, title, severity, status, message: out.message, duration_ms: Math.round(performance.now() - t0), details: out.details ?? {} });
  };

  try {
    await run('url_verification', 'URL verification answers the decrypted echostr within 1 s', 'required', async () => {
      const expected = digits(19);
      const timestamp = String(now());
      const nonce = digits(10);
      const echostr = encrypt(expected, receiveId, opts.encodingAesKey, randomPrefix());
      const r = await http.request('GET', signed({ msg_signature: signature(opts.token, timestamp, nonce, echostr), timestamp, nonce, echostr }), undefined, VERIFY_MS, BODY_CAP);
      const details = { status: r.status, body: short(r.body), expected, duration_ms: r.duration_ms };
      if (r.outcome === 'timeout') return { status: 'fail', message: `no answer within ${VERIFY_MS} ms (WeCom gives up after 1 s)`, details };
      if (r.status !== 200) return { status: 'fail', message: `answered ${answered(r)}, expected HTTP 200 with the plaintext`, details };
      if (r.body !== expected) {
        const hint = r.body?.trim() === expected ? ' (extra whitespace or newline)' : r.body === `"${expected}"` ? ' (quoted)' : '';
        return { status: 'fail', message: `answered "${short(r.body)}", expected exactly "${expected}"${hint}`, details };
      }
      return { status: 'pass', message: `echoed the plaintext in ${r.duration_ms} ms`, details };
    });

    await run('url_verification_bad_signature', 'URL verification with a wrong msg_signature is refused', 'required', async () => {
      const expected = digits(19);
      const timestamp = String(now());
      const nonce = digits(10);
      const echostr = encrypt(expected, receiveId, opts.encodingAesKey, randomPrefix());
      const sig = signature('not-the-token', timestamp, nonce, echostr);
      const r = await http.request('GET', signed({ msg_signature: sig, timestamp, nonce, echostr }), undefined, VERIFY_MS, BODY_CAP);
      const details = { status: r.status, body: short(r.body) };
      if (r.status === 200 && r.body === expected) {
        return { status: 'fail', message: 'echoed the plaintext although the signature is wrong: the signature is not checked', details };
      }
      return { status: 'pass', message: `refused (${answered(r)})`, details };
    });

    let firstQuery: Record<string, string> | undefined;
    await run('valid_event', 'A valid encrypted message is accepted (HTTP 200) with no reply or a valid passive reply', 'required', async () => {
      const { r, query } = await post(textMessage('wecom-mock check: valid event', digits(19)));
      firstQuery = query;
      const reply = r.status === 200 ? replyOf(r) : undefined;
      const details = { status: r.status, body: short(r.body), duration_ms: r.duration_ms, reply: reply?.detail };
      if (r.status !== 200) return { status: 'fail', message: `answered ${answered(r)}; WeCom would retry and finally drop it`, details };
      if (reply?.kind === 'invalid') return { status: 'fail', message: `HTTP 200 but the body is not a valid passive reply: ${reply.detail}`, details };
      return { status: 'pass', message: `HTTP 200, ${reply?.detail} (${r.duration_ms} ms)`, details };
    });

    await run('bad_signature', 'A POST with a wrong msg_signature is refused (non-200)', 'required', async () => {
      const { r } = await post(textMessage('wecom-mock check: forged', digits(19)), { badSignature: true });
      const details = { status: r.status, body: short(r.body) };
      if (r.status === 200) return { status: 'fail', message: 'accepted a POST whose msg_signature does not match: anyone can forge callbacks', details };
      return { status: 'pass', message: `refused (${answered(r)})`, details };
    });

    await run('wrong_receiveid', 'A POST sealed for another corp (receiveid) is refused (non-200)', 'required', async () => {
      const { r } = await post(textMessage('wecom-mock check: other corp', digits(19)), { receiveId: otherReceiveId });
      const details = { status: r.status, body: short(r.body) };
      if (r.status === 200) {
        const expected = aibot ? 'empty (a bot\'s receiveid)' : 'the corpid';
        return { status: 'fail', message: `accepted a ciphertext whose receiveid is not ${expected} (ValidateCorpidError expected)`, details };
      }
      return { status: 'pass', message: `refused (${answered(r)})`, details };
    });

    await run('replayed_nonce', 'A new message reusing an earlier timestamp and nonce is refused', 'recommended', async () => {
      if (!firstQuery) return { status: 'skip', message: 'needs valid_event' };
      const { r } = await post(textMessage('wecom-mock check: replay', digits(19)), { timestamp: firstQuery['timestamp']!, nonce: firstQuery['nonce']! });
      const details = { status: r.status, body: short(r.body), nonce: firstQuery['nonce'] };
      if (r.status === 200) return { status: 'fail', message: 'accepted a second message with a nonce already used: replayed requests are not detected', details };
      return { status: 'pass', message: `refused (${answered(r)})`, details };
    });

    await run('duplicate_delivery', 'The same message delivered twice (a WeCom retry) is handled once', 'required', async () => {
      const msgId = digits(19);
      const plaintext = textMessage('wecom-mock check: duplicate', msgId);
      const first = await post(plaintext);
      const second = await post(plaintext);
      const details: Record<string, unknown> = { msgid: msgId, first: answered(first.r), second: answered(second.r) };
      if (first.r.status !== 200 || second.r.status !== 200) {
        return { status: 'fail', message: `both deliveries must be answered 200 (WeCom retries otherwise): first ${answered(first.r)}, second ${answered(second.r)}`, details };
      }
      if (opts.processedUrl) {
        const u = new URL(opts.processedUrl);
        u.searchParams.set('msgid', msgId);
        const h = await http.request('GET', u, undefined, REPLY_MS, BODY_CAP);
        const text = (h.body ?? '').trim();
        let count: number | undefined;
        try {
          const j: unknown = JSON.parse(text);
          count = typeof j === 'number' ? j : typeof (j as { count?: unknown })?.count === 'number' ? (j as { count: number }).count : undefined;
        } catch {
          count = undefined;
        }
        details['processed'] = text;
        if (h.status !== 200 || count === undefined) return { status: 'fail', message: `the processed-url hook answered ${answered(h)}, expected {"count": n}`, details };
        if (count !== 1) return { status: 'fail', message: `MsgId ${msgId} was processed ${count} times, expected once (deduplicate by MsgId: developer.work.weixin.qq.com/document/path/90238)`, details };
        return { status: 'pass', message: 'processed once (per the processed-url hook)', details };
      }
      const a = replyOf(first.r);
      const b = replyOf(second.r);
      if (a.kind === 'message' && b.kind === 'message') {
        return { status: 'fail', message: 'replied to both copies: the retry was processed again (deduplicate by MsgId: developer.work.weixin.qq.com/document/path/90238)', details };
      }
      if (a.kind === 'message') return { status: 'pass', message: 'replied to the first copy only', details };
      return {
        status: 'skip',
        message: 'inconclusive: the receiver sends no passive reply; pass --processed-url to let the checker ask how often it processed a MsgId',
        details,
      };
    });

    await run('slow_path', 'An event is answered within 5 s (process slow work after answering)', 'required', async () => {
      const plaintext = aibot
        ? JSON.stringify({ msgid: digits(19), create_time: now(), aibotid: aibot.botid, chattype: 'single', from: { userid }, msgtype: 'event', event: { eventtype: 'enter_chat' } })
        : renderPlaintext(
            { toUserName: opts.corpid, fromUserName: 'sys', createTime: now(), msgType: 'event', agentId: undefined },
            { Event: 'change_contact', ChangeType: 'create_user', UserID: `checker${digits(6)}`, Name: 'checker', Department: '1' },
          );
      const { r } = await post(plaintext);
      const details = { status: r.status, duration_ms: r.duration_ms };
      if (r.outcome === 'timeout') return { status: 'fail', message: `no answer within ${REPLY_MS} ms: WeCom drops the connection and retries (developer.work.weixin.qq.com/document/path/90930)`, details };
      if (r.status !== 200) return { status: 'fail', message: `answered ${answered(r)}`, details };
      return { status: 'pass', message: `answered in ${r.duration_ms} ms`, details };
    });
  } finally {
    http.close();
  }

  const count = (s: CheckStatus) => results.filter((r) => r.status === s).length;
  return {
    url: opts.url,
    corpid: receiveId,
    started_at: started.toISOString(),
    results,
    passed: count('pass'),
    failed: count('fail'),
    warned: count('warn'),
    skipped: count('skip'),
    ok: count('fail') === 0,
  };
}
