/**
 * A callback receiver for contract tests: an HTTP server on 127.0.0.1 that opens what WeCom (or the mock)
 * sends with the harness's OWN crypto (./crypto.ts, never mock-server's), records every request, and
 * answers as the test says — correctly, with a passive reply, an error status, garbage, or not at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ReceiverCrypto, type OpenedCallback } from './crypto.js';

/** One request the receiver got. */
export interface ReceivedRequest {
  /** 0-based arrival order. */
  index: number;
  method: string;
  query: Record<string, string>;
  body: string;
  /** The opened POST (harness crypto), when it verified. */
  opened: OpenedCallback | undefined;
  /** The answer to a GET URL check, when it verified. */
  echo: string | undefined;
  /** Why the harness crypto refused it. */
  error: string | undefined;
}

/** How to answer: a status/body, hang (never answer until released), garbage (not HTTP), destroy (reset). */
export type ReceiverAnswer = { status?: number; body?: string } | 'hang' | 'garbage' | 'destroy';
export type ReceiverBehaviour = (r: ReceivedRequest) => ReceiverAnswer | Promise<ReceiverAnswer>;

/** The correct receiver: echo the URL check, 200 with an empty body for valid POSTs, 403 for anything refused. */
export const correctBehaviour: ReceiverBehaviour = (r) => {
  if (r.error !== undefined) return { status: 403, body: r.error };
  if (r.method === 'GET') return { status: 200, body: r.echo ?? '' };
  return { status: 200, body: '' };
};

export class CallbackReceiver {
  readonly received: ReceivedRequest[] = [];
  behaviour: ReceiverBehaviour;
  private readonly hung: ServerResponse[] = [];
  private readonly sockets = new Set<Socket>();
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly crypto: ReceiverCrypto,
    behaviour: ReceiverBehaviour,
  ) {
    this.behaviour = behaviour;
  }

  /** Starts a receiver on 127.0.0.1 (any free port, or `port`) for one app's Token / EncodingAESKey / receiveid. */
  static async start(crypto: ReceiverCrypto, behaviour: ReceiverBehaviour = correctBehaviour, path = '/wecom/callback', port = 0): Promise<CallbackReceiver> {
    let self: CallbackReceiver | undefined;
    const server = createServer((req, res) => {
      void self?.handle(req, res);
    });
    server.on('connection', (s) => {
      self?.sockets.add(s);
      s.on('close', () => self?.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const bound = (server.address() as AddressInfo).port;
    self = new CallbackReceiver(server, `http://127.0.0.1:${bound}${path}`, crypto, behaviour);
    return self;
  }

  /** Resolves once `n` requests have arrived (tests bound the wait with their own timeout). */
  waitFor(n: number): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** The opened plaintexts of the valid POSTs, in arrival order. */
  plaintexts(): string[] {
    return this.received.filter((r) => r.opened).map((r) => r.opened!.plaintext);
  }

  /** Answers every hung request with 200 and an empty body. */
  release(): void {
    for (const res of this.hung.splice(0)) if (!res.writableEnded) res.end();
  }

  async close(): Promise<void> {
    this.release();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const r: ReceivedRequest = {
      index: this.received.length,
      method: req.method ?? 'GET',
      query,
      body: Buffer.concat(chunks).toString('utf8'),
      opened: undefined,
      echo: undefined,
      error: undefined,
    };
    const q = { msg_signature: query['msg_signature'] ?? '', timestamp: query['timestamp'] ?? '', nonce: query['nonce'] ?? '', echostr: query['echostr'] };
    try {
      if (r.method === 'GET') r.echo = this.crypto.answerUrlCheck(q);
      else r.opened = this.crypto.openPost(q, r.body);
    } catch (e) {
      r.error = e instanceof Error ? e.message : String(e);
    }
    this.received.push(r);
    this.waiters = this.waiters.filter((w) => {
      if (this.received.length < w.n) return true;
      w.resolve();
      return false;
    });
    let answer: ReceiverAnswer;
    try {
      answer = await this.behaviour(r);
    } catch (e) {
      answer = { status: 500, body: String(e) };
    }
    if (answer === 'hang') {
      this.hung.push(res);
      return;
    }
    if (answer === 'garbage') {
      // Not HTTP at all: the sender's HTTP parser must fail.
      res.socket?.end('this is not an HTTP response\r\n\r\n');
      return;
    }
    if (answer === 'destroy') {
      res.socket?.destroy();
      return;
    }
    res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(answer.body ?? '');
  }
}
