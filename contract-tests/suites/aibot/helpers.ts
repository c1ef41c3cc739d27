/**
 * An AI bot receiver for contract tests, independent of mock-server: it opens the JSON callback
 * (`{"encrypt"}` with msg_signature over token, timestamp, nonce, encrypt; receiveid empty) with the
 * harness's own crypto, and seals its passive reply as `{"encrypt","msgsignature","timestamp","nonce"}`
 * (developer.work.weixin.qq.com/document/path/100719).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { harnessOpen, harnessSeal, harnessSignature } from '../../harness/crypto.js';
import type { Target, TestCorp } from '../../harness/target.js';

export interface BotCallback {
  query: Record<string, string>;
  /** The decrypted JSON. */
  json: Record<string, unknown>;
  receiveId: string;
}

/** What the bot answers: a JSON message (sealed), null (empty body), or a raw body. */
export type BotAnswer = Record<string, unknown> | null | { raw: string };

export class JsonBotReceiver {
  readonly received: BotCallback[] = [];
  readonly refused: string[] = [];
  private readonly sockets = new Set<Socket>();
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly token: string,
    readonly aesKey: string,
    public answer: (cb: BotCallback) => BotAnswer,
  ) {}

  static async start(token: string, aesKey: string, answer: (cb: BotCallback) => BotAnswer = () => null): Promise<JsonBotReceiver> {
    let self: JsonBotReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const q = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams.entries());
        const me = self!;
        try {
          if (req.method === 'GET') {
            // URL verification: the same echostr rule as apps.
            if (harnessSignature(me.token, q['timestamp']!, q['nonce']!, q['echostr']!) !== q['msg_signature']) throw new Error('bad signature');
            res.end(harnessOpen(q['echostr']!, me.aesKey).plaintext);
            return;
          }
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { encrypt: string };
          if (harnessSignature(me.token, q['timestamp']!, q['nonce']!, body.encrypt) !== q['msg_signature']) throw new Error('bad signature');
          const opened = harnessOpen(body.encrypt, me.aesKey);
          const cb = { query: q, json: JSON.parse(opened.plaintext) as Record<string, unknown>, receiveId: opened.receiveId };
          me.received.push(cb);
          const a = me.answer(cb);
          me.wake();
          if (a === null) res.end('');
          else if ('raw' in a && typeof a.raw === 'string') res.end(a.raw);
          else res.end(JSON.stringify(me.seal(a as Record<string, unknown>)));
        } catch (e) {
          me.refused.push((e as Error).message);
          res.statusCode = 403;
          res.end((e as Error).message);
        }
      });
    });
    server.on('connection', (s) => {
      self?.sockets.add(s);
      s.on('close', () => self?.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self = new JsonBotReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/bot`, token, aesKey, answer);
    return self;
  }

  /** The encrypted passive reply. */
  seal(message: Record<string, unknown>): Record<string, string> {
    const encrypt = harnessSeal(JSON.stringify(message), '', this.aesKey);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    return { encrypt, msgsignature: harnessSignature(this.token, timestamp, nonce, encrypt), timestamp, nonce };
  }

  /** Resolves when `test` holds after a callback (bounded by the test's timeout). */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export interface BotView {
  botid: string;
  name: string;
  mode: string;
  url: string;
  token: string;
  encoding_aes_key: string;
  secret: string;
  connected: boolean;
}

export async function createBot(target: Target, corp: TestCorp, body: Record<string, unknown>): Promise<BotView> {
  const r = await target.admin<BotView>('POST', `/__mock/corps/${corp.corpid}/aibots`, body);
  if (r.status !== 201) throw new Error(`bot not created: ${JSON.stringify(r.json)}`);
  return r.json;
}

export interface InboxMessage {
  source: string;
  aibotid?: string;
  msgtype: string;
  content: Record<string, unknown>;
}

export async function inbox(target: Target, corp: TestCorp, userid: string): Promise<InboxMessage[]> {
  const r = await target.admin<{ messages: InboxMessage[] }>('GET', `/__mock/inbox?corpid=${corp.corpid}&userid=${encodeURIComponent(userid)}`);
  return r.json.messages;
}

/** Polls the control plane until `test` holds (the mock works asynchronously). */
export async function eventually<T>(read: () => Promise<T>, test: (v: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (test(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A fresh 43-character EncodingAESKey and a Token, drawn by the test. */
export function freshKeys(): { token: string; encoding_aes_key: string } {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const pick = (n: number): string => Array.from({ length: n }, () => abc[Math.floor(Math.random() * abc.length)]).join('');
  return { token: pick(16), encoding_aes_key: pick(43) };
}

/** A member of the corp (the first sample userid of its credentials). */
export function member(corp: TestCorp): string {
  const u = corp.raw?.sample_userids?.[0];
  if (!u) throw new Error('the corp has no sample member');
  return u;
}

/** What {@link withCallbackBot} sets up: how the receiver answers, and more fields of the bot. */
export interface CallbackBotSetup {
  answer?: (cb: BotCallback) => BotAnswer;
  bot?: Record<string, unknown>;
}

/** Runs `fn` with a fresh corp and a callback-mode bot whose URL is a JsonBotReceiver; the receiver is closed afterwards. */
export async function withCallbackBot<T>(target: Target, fn: (s: { corp: TestCorp; rx: JsonBotReceiver; bot: BotView }) => Promise<T>): Promise<T>;
export async function withCallbackBot<T>(
  target: Target,
  setup: CallbackBotSetup,
  fn: (s: { corp: TestCorp; rx: JsonBotReceiver; bot: BotView }) => Promise<T>,
): Promise<T>;
export async function withCallbackBot<T>(
  target: Target,
  a: CallbackBotSetup | ((s: { corp: TestCorp; rx: JsonBotReceiver; bot: BotView }) => Promise<T>),
  b?: (s: { corp: TestCorp; rx: JsonBotReceiver; bot: BotView }) => Promise<T>,
): Promise<T> {
  const [setup, fn] = typeof a === 'function' ? [{} as CallbackBotSetup, a] : [a, b!];
  const corp = await target.newCorp();
  const keys = freshKeys();
  const rx = await JsonBotReceiver.start(keys.token, keys.encoding_aes_key, setup.answer);
  try {
    const bot = await createBot(target, corp, { ...keys, url: rx.url, ...setup.bot });
    return await fn({ corp, rx, bot });
  } finally {
    await rx.close();
  }
}
