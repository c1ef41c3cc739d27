/**
 * Delivery: every domain event becomes WeCom's plaintext XML, is encrypted and signed with the receiving
 * callback's Token and EncodingAESKey (receiveid = corpid), POSTed as the `<xml><ToUserName/><Encrypt/>
 * <AgentID/></xml>` envelope with msg_signature/timestamp/nonce in the query, retried, and recorded in the
 * outbox. Facts: doc path/90930, 90968, 90241.
 *
 * The event listener only renders and queues (synchronous, cheap); the network work runs on the corp's
 * queue, one entry at a time (per-corp ordering), so a slow or dead receiver never holds an API request.
 */
import { LIMITS } from '../../../../spec/generated/limits.js';
import { withQuery } from '../../../core/pipeline/url.js';
import {
  MAX_XML_BYTES,
  constantTimeEqual,
  decrypt,
  encrypt,
  encryptEnvelope,
  parseEncryptedReply,
  signature,
  WeComCryptoError,
} from '../../../core/crypto/index.js';
import type { LoggedEvent } from '../../../core/tenancy/events.js';
import type { CorpRegistry } from '../../../core/tenancy/registry.js';
import type { Corp, DomainStates } from '../../types.js';
import { CallbackHttp } from './http.js';
import { receiversFor } from './routing.js';
import { thirdPartyAppEvent, thirdPartyFields } from './thirdparty.js';
import {
  DeliveryQueue,
  receiverKey,
  type Attempt,
  type CallbacksState,
  type DeliveryFormat,
  type DeliveryJob,
  type OutboxEntry,
  type ReceiverSnapshot,
  type ReplyRecord,
  type TamperMode,
} from '../state.js';
import { EventXmlError, eventTypeOf, renderInfoType, renderPlaintext, xmlToJson } from './xml.js';

/** What a mock instance's deliveries share: the HTTP agents and where to report surprises. */
export interface DeliveryEngine {
  http: CallbackHttp;
  log: (message: string) => void;
}

/** Replies WeCom accepts as passive replies (doc path/90241). */
const REPLY_MSG_TYPES = new Set(['text', 'image', 'voice', 'video', 'news', 'update_button', 'update_taskcard']);
/** The answer body the outbox keeps, and the most the mock reads of a reply. */
const RECORDED_BODY_CHARS = 64 * 1024;
const VERIFY_TIMEOUT_MS = LIMITS.lifetime.callback_verify_timeout.seconds * 1000;

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}


/** A signature that cannot match: the same length, last hex digit changed (tamper mode bad_signature). */
function corrupt(sig: string): string {
  const last = sig.slice(-1);
  return sig.slice(0, -1) + (last === '0' ? '1' : '0');
}

function queueOf(corp: Corp, engine: DeliveryEngine): DeliveryQueue<DeliveryJob> {
  const state = corp.domains.callbacks;
  state.queue ??= new DeliveryQueue<DeliveryJob>(
    (job) => deliver(corp, job, engine),
    state.retention.entries,
    // Past the bound the oldest waiting callback is given up, as if the receiver never answered.
    (job) => {
      job.entry.state = 'failed';
      job.entry.finished_at = corp.clock.nowMs();
    },
  );
  return state.queue;
}

/** Queues one plaintext for one receiver; returns its outbox entry. */
export function enqueue(
  corp: Corp,
  engine: DeliveryEngine,
  receiver: ReceiverSnapshot,
  what: {
    plaintext: string;
    event: Record<string, unknown>;
    eventSeq: number | null;
    receiveId?: string;
    toUserName?: string;
    /** json: an AI bot's JSON callback (receiveid empty, no ToUserName/AgentID envelope). */
    format?: DeliveryFormat;
    eventType?: string;
    onReply?: (entry: OutboxEntry) => void;
  },
): OutboxEntry {
  const state = corp.domains.callbacks;
  const key = receiver.key ?? receiverKey(receiver.kind, receiver.agentid);
  const format = what.format ?? 'xml';
  const rules = state.takeRules(key);
  const entry = state.add({
    corpid: corp.corpid,
    event_seq: what.eventSeq,
    receiver: { kind: receiver.kind, agentid: receiver.agentid, url: receiver.url },
    event_type: what.eventType ?? eventTypeOf(what.event),
    event: what.event,
    format,
    plaintext: what.plaintext,
    // JSON callbacks (AI bots) seal with an empty receiveid (developer.work.weixin.qq.com/document/path/100719).
    receive_id: what.receiveId ?? (format === 'json' ? '' : corp.corpid),
    to_user_name: format === 'json' ? '' : (what.toUserName ?? corp.corpid),
    // doc path/90930: AgentID is the app's for app callbacks, empty for contact/system callbacks.
    envelope_agent_id: receiver.kind === 'app' ? String(receiver.agentid) : '',
    created_at: corp.clock.nowMs(),
    finished_at: null,
    state: 'pending',
    tamper: [...new Set(rules.map((r) => r.mode))],
    delay_ms: Math.max(0, ...rules.filter((r) => r.mode === 'delay').map((r) => r.delay_ms)),
    attempts: [],
    reply: null,
  });
  queueOf(corp, engine).push({ entry, receiver, ...(what.onReply && { onReply: what.onReply }) });
  return entry;
}

/** Renders a domain event for each of its receivers and queues it. Never throws (it runs in an event listener). */
export function enqueueEvent(corp: Corp, engine: DeliveryEngine, logged: LoggedEvent): OutboxEntry[] {
  const event = logged.event;
  const out: OutboxEntry[] = [];
  let receivers: ReceiverSnapshot[];
  try {
    receivers = receiversFor(corp, event);
  } catch (e) {
    engine.log(`wecom-mock callbacks: cannot route event ${logged.seq} of ${corp.corpid}: ${(e as Error).message}`);
    return out;
  }
  for (const r of receivers) {
    try {
      if (r.kind === 'suite' && r.suite_id !== undefined) {
        // Third-party form (doc path/90628, 90642): instructions as emitted; data events get InfoType = Event and AuthCorpId.
        const { Event, ToUserName: _t, FromUserName: _f, CreateTime: _c, MsgType: _m, ...rest } = event;
        const fields = typeof event['InfoType'] === 'string' ? event : thirdPartyFields(corp, r.suite_id, { InfoType: Event, AuthCorpId: corp.corpid, ...rest });
        const plaintext = renderInfoType(r.suite_id, Math.floor(logged.time / 1000), fields);
        out.push(enqueue(corp, engine, r, { plaintext, event, eventSeq: logged.seq, receiveId: r.suite_id, toUserName: r.suite_id }));
        continue;
      }
      // An installed third-party app's data callback names members and customers as its provider does.
      const shown = r.kind === 'app' ? thirdPartyAppEvent(corp, r.agentid ?? null, event) : event;
      const plaintext = renderPlaintext(
        {
          toUserName: corp.corpid,
          // System events come from `sys` (doc path/90970 change_contact); member-sent ones name the member.
          fromUserName: typeof shown['FromUserName'] === 'string' ? shown['FromUserName'] : 'sys',
          createTime: Math.floor(logged.time / 1000),
          msgType: typeof event['MsgType'] === 'string' ? event['MsgType'] : 'event',
          agentId: r.kind === 'app' && event['AgentID'] !== undefined ? (r.agentid ?? undefined) : undefined,
        },
        shown,
      );
      out.push(enqueue(corp, engine, r, { plaintext, event, eventSeq: logged.seq }));
    } catch (e) {
      if (!(e instanceof EventXmlError)) throw e;
      engine.log(`wecom-mock callbacks: event ${logged.seq} of ${corp.corpid} cannot be written as XML: ${e.message}`);
    }
  }
  return out;
}

async function deliver(corp: Corp, job: DeliveryJob, engine: DeliveryEngine): Promise<void> {
  const { entry, receiver } = job;
  const state = corp.domains.callbacks;
  const tamper = new Set<TamperMode>(entry.tamper);
  try {
    await sleep(entry.delay_ms);
    // wrong_receiveid: a ciphertext sealed for another corp, validly signed (receivers must check receiveid, doc path/90968).
    const receiveId = tamper.has('wrong_receiveid') ? `${entry.receive_id}0` : entry.receive_id;
    const total = Math.min(receiver.options.retry_backoff_ms.length + 1, LIMITS.bound.callback_attempts.max);
    let last: { url: URL; body: string; query: Attempt['query'] } | undefined;
    for (let n = 1; n <= total; n++) {
      if (n > 1) await sleep(receiver.options.retry_backoff_ms[n - 2] ?? 0);
      // Each attempt is sealed and signed afresh (new timestamp and nonce), so receivers that refuse
      // replayed nonces still accept WeCom's retries. WeCom's exact retry bytes are undocumented.
      const sealed = seal(entry, receiver, receiveId, corp.clock.nowSec(), state.rng.digits(10), Buffer.from(state.rng.string(16), 'latin1'));
      const query = { ...sealed.query };
      if (tamper.has('bad_signature')) query.msg_signature = corrupt(query.msg_signature);
      const url = new URL(withQuery(receiver.url, query));
      last = { url, body: sealed.body, query };
      const ok = await attempt(corp, engine, job, n, url, sealed.body, query, false);
      if (ok) break;
    }
    entry.state = entry.attempts.some((a) => a.outcome === 'ok') ? 'delivered' : 'failed';
    // duplicate: the very same request once more, as a receiver sees a WeCom retry after a lost answer (doc path/90930).
    if (tamper.has('duplicate') && last) await attempt(corp, engine, job, entry.attempts.length + 1, last.url, last.body, last.query, true);
  } catch (e) {
    engine.log(`wecom-mock callbacks: delivery ${entry.id} of ${corp.corpid} failed unexpectedly: ${(e as Error).stack ?? String(e)}`);
    if (entry.state === 'pending') entry.state = 'failed';
  } finally {
    entry.finished_at = corp.clock.nowMs();
  }
  if (job.onReply) {
    try {
      job.onReply(entry);
    } catch (e) {
      engine.log(`wecom-mock callbacks: reply handler of ${entry.id} of ${corp.corpid} failed: ${(e as Error).stack ?? String(e)}`);
    }
  }
}

/** The body and query of one attempt, in the entry's format. */
function seal(
  entry: OutboxEntry,
  receiver: ReceiverSnapshot,
  receiveId: string,
  timestamp: number,
  nonce: string,
  random16: Buffer,
): { body: string; query: Attempt['query'] } {
  if (entry.format === 'json') {
    // The AI bot's JSON form: the same AES and the same msg_signature over token, timestamp, nonce and
    // the ciphertext, sent as {"encrypt": …} (developer.work.weixin.qq.com/document/path/100719).
    const ciphertext = encrypt(entry.plaintext, receiveId, receiver.encoding_aes_key, random16);
    const ts = String(timestamp);
    return { body: JSON.stringify({ encrypt: ciphertext }), query: { msg_signature: signature(receiver.token, ts, nonce, ciphertext), timestamp: ts, nonce } };
  }
  return encryptEnvelope({
    token: receiver.token,
    encodingAesKey: receiver.encoding_aes_key,
    receiveId,
    toUserName: entry.to_user_name,
    agentId: entry.envelope_agent_id,
    message: entry.plaintext,
    timestamp,
    nonce,
    random16,
  });
}

/** One POST; records it; true when the receiver answered HTTP 200. */
async function attempt(
  corp: Corp,
  engine: DeliveryEngine,
  job: DeliveryJob,
  n: number,
  url: URL,
  body: string,
  query: Attempt['query'],
  duplicate: boolean,
): Promise<boolean> {
  const { entry, receiver } = job;
  const at = corp.clock.nowMs();
  const contentType = entry.format === 'json' ? 'application/json; charset=utf-8' : undefined;
  const r = await engine.http.request('POST', url, body, receiver.options.reply_timeout_ms, MAX_XML_BYTES + 1, contentType);
  // doc path/90930: a timeout, a network failure or any status but 200 is a failed delivery, retried.
  const outcome = r.outcome === 'answered' ? (r.status === 200 ? 'ok' : 'http_error') : r.outcome;
  entry.attempts.push({
    n,
    at,
    duration_ms: r.duration_ms,
    query,
    status: r.status,
    outcome,
    error: r.error ?? (outcome === 'http_error' ? `HTTP ${r.status}` : null),
    reply_body: r.body === null ? null : r.body.slice(0, RECORDED_BODY_CHARS),
    duplicate,
  });
  if (outcome !== 'ok') return false;
  if (!duplicate) entry.reply = readReply(corp.domains.callbacks, entry, receiver, r.body ?? '', r.truncated);
  return true;
}

/** What a 200 answer means: nothing (empty, `success`), a passive reply, or a refused reply (doc path/90930, 90241). */
function readReply(state: CallbacksState, entry: OutboxEntry, receiver: ReceiverSnapshot, body: string, truncated: boolean): ReplyRecord {
  const invalid = (error: string): ReplyRecord => ({ kind: 'invalid', message: null, xml: null, error });
  if (truncated) return invalid(`reply larger than ${MAX_XML_BYTES} bytes`);
  const text = body.trim();
  // doc path/90238: an empty body means "no reply"; WeCom also documents the literal `success` for that.
  if (text === '' || text === 'success') return { kind: 'none', message: null, xml: null, error: null };
  if (entry.format === 'json') return readJsonReply(entry, receiver, text, invalid);
  let xml: string;
  let message: Record<string, unknown>;
  try {
    // The reply is checked as WeCom does: signature over its own Encrypt/TimeStamp/Nonce, receiveid = corpid.
    xml = parseEncryptedReply({ token: receiver.token, encodingAesKey: receiver.encoding_aes_key, receiveId: entry.receive_id, body }).message;
    message = xmlToJson(xml);
  } catch (e) {
    return invalid(e instanceof WeComCryptoError ? e.message : `reply refused: ${(e as Error).message}`);
  }
  const msgType = typeof message['MsgType'] === 'string' ? message['MsgType'] : '';
  if (!REPLY_MSG_TYPES.has(msgType)) return invalid(`reply MsgType "${msgType}" is not a passive reply type (developer.work.weixin.qq.com/document/path/90241)`);
  const sender = entry.event['FromUserName'];
  if (receiver.kind === 'app' && typeof sender === 'string') {
    state.addInbox(sender, { entry_id: entry.id, agentid: receiver.agentid, time: entry.created_at, msgtype: msgType, message });
  }
  return { kind: 'message', message, xml, error: null };
}

/**
 * An AI bot's passive reply: `{"encrypt","msgsignature","timestamp","nonce"}`, signed over its own
 * timestamp and nonce, sealed with an empty receiveid, holding a JSON message
 * (developer.work.weixin.qq.com/document/path/100719). What the message may be is the bot domain's rule.
 */
function readJsonReply(entry: OutboxEntry, receiver: ReceiverSnapshot, text: string, invalid: (error: string) => ReplyRecord): ReplyRecord {
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch {
    return invalid('reply is not JSON (answer {"encrypt","msgsignature","timestamp","nonce"} or an empty body)');
  }
  if (outer === null || typeof outer !== 'object' || Array.isArray(outer)) return invalid('reply is not a JSON object');
  const o = outer as Record<string, unknown>;
  // An empty object means "no reply" as an empty body does.
  if (Object.keys(o).length === 0) return { kind: 'none', message: null, xml: null, error: null };
  const missing = ['encrypt', 'msgsignature', 'timestamp', 'nonce'].filter((k) => typeof o[k] !== 'string' && typeof o[k] !== 'number');
  if (missing.length > 0) return invalid(`reply lacks ${missing.join(', ')}`);
  const enc = String(o['encrypt']);
  if (!constantTimeEqual(signature(receiver.token, String(o['timestamp']), String(o['nonce']), enc), String(o['msgsignature']))) {
    return invalid('msgsignature does not match sha1(sort(token, timestamp, nonce, encrypt))');
  }
  let message: unknown;
  try {
    const opened = decrypt(enc, receiver.encoding_aes_key);
    if (opened.receiveId !== entry.receive_id) return invalid(`reply sealed for receiveid ${JSON.stringify(opened.receiveId)}, expected ${JSON.stringify(entry.receive_id)}`);
    message = JSON.parse(opened.message);
  } catch (e) {
    return invalid(e instanceof WeComCryptoError ? e.message : `reply is not JSON inside: ${(e as Error).message}`);
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return invalid('the decrypted reply is not a JSON object');
  return { kind: 'message', message: message as Record<string, unknown>, xml: null, error: null };
}

/** The outcome of a URL verification (doc path/90930). */
export interface VerificationResult {
  ok: boolean;
  /** Why it failed: timeout, network_error, http_status, body_mismatch, bad_url. */
  reason: string | null;
  message: string;
  status: number | null;
  /** What the receiver answered (first 1 KiB). */
  body: string | null;
  /** The plaintext it had to answer. */
  expected: string;
  duration_ms: number;
  request_url: string;
}

function mismatchHint(body: string, expected: string, echostr: string): string {
  if (body === '') return 'the answer is empty';
  if (body.trim() === expected) return 'the answer has extra whitespace or a newline (answer the bare plaintext)';
  if (body.replace(/^\uFEFF/, '') === expected) return 'the answer starts with a BOM';
  if (body === `"${expected}"` || body === `'${expected}'`) return 'the answer is quoted (answer the bare plaintext, not JSON)';
  if (body === echostr || decodeURIComponent(body) === echostr) return 'the answer is the encrypted echostr (decrypt it first)';
  return 'the answer is not the decrypted echostr';
}

/** Sends WeCom's GET verification to `url` and checks the answer: exactly the plaintext, HTTP 200, within 1 s. */
export async function verifyCallbackUrl(
  engine: DeliveryEngine,
  cfg: { url: string; token: string; encoding_aes_key: string },
  receiveId: string,
  rng: CallbacksState['rng'],
  nowSec: number,
): Promise<VerificationResult> {
  // The console draws a numeric echostr like the official sample's "1616140317555161061" (doc path/90968).
  const expected = rng.digits(19);
  const nonce = rng.digits(10);
  const timestamp = String(nowSec);
  const echostr = encrypt(expected, receiveId, cfg.encoding_aes_key, Buffer.from(rng.string(16), 'latin1'));
  const url = new URL(withQuery(cfg.url, { msg_signature: signature(cfg.token, timestamp, nonce, echostr), timestamp, nonce, echostr }));
  const r = await engine.http.request('GET', url, undefined, VERIFY_TIMEOUT_MS, 64 * 1024);
  const base = { status: r.status, body: r.body === null ? null : r.body.slice(0, 1024), expected, duration_ms: r.duration_ms, request_url: url.toString() };
  if (r.outcome === 'timeout') {
    return { ...base, ok: false, reason: 'timeout', message: `no answer within ${VERIFY_TIMEOUT_MS} ms (WeCom waits 1 s: developer.work.weixin.qq.com/document/path/90930)` };
  }
  if (r.outcome === 'network_error') return { ...base, ok: false, reason: 'network_error', message: `could not reach the URL: ${r.error}` };
  if (r.status !== 200) return { ...base, ok: false, reason: 'http_status', message: `answered HTTP ${r.status}, expected 200` };
  if (r.body !== expected) {
    return { ...base, ok: false, reason: 'body_mismatch', message: mismatchHint(r.body ?? '', expected, echostr) };
  }
  return { ...base, ok: true, reason: null, message: 'the URL answered the decrypted echostr' };
}

/** The callbacks machinery of one mock instance. */
export interface CallbackDelivery {
  engine: DeliveryEngine;
  /** Stops listening and closes the keep-alive connections. */
  close(): void;
}

/** Hooks delivery onto the corps' event stream (registry.eventListeners). */
const engines = new WeakMap<object, DeliveryEngine>();

/** The delivery engine installed on a registry (other domains queue their own callbacks through it). */
export function deliveryEngineOf(registry: CorpRegistry<DomainStates>): DeliveryEngine {
  const engine = engines.get(registry);
  if (!engine) throw new Error('callback delivery is not installed: list callbacks before this domain in domains/registry.ts');
  return engine;
}

export function installCallbackDelivery(registry: CorpRegistry<DomainStates>, log: (m: string) => void): CallbackDelivery {
  const engine: DeliveryEngine = { http: new CallbackHttp(), log };
  engines.set(registry, engine);
  const listener = (corpid: string, e: LoggedEvent): void => {
    try {
      const corp = registry.get(corpid);
      if (corp) enqueueEvent(corp, engine, e);
    } catch (x) {
      log(`wecom-mock callbacks: ${(x as Error).stack ?? String(x)}`);
    }
  };
  registry.eventListeners.add(listener);
  return {
    engine,
    close() {
      registry.eventListeners.delete(listener);
      engine.http.close();
    },
  };
}
