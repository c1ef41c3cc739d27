import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockServer } from './index.js';

const mock = await startMockServer({ demoCorp: false, server: { headersTimeoutMs: 500, maxConnections: 900 } });
afterAll(() => mock.close());
const port = Number(new URL(mock.url).port);

/** A connection that sends `head` (possibly nothing) and never finishes its headers; resolves once connected. */
function halfOpen(head: string): Promise<{ socket: Socket; answer: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const answer = new Promise<string>((r) => socket.on('close', () => r(text.split('\r\n')[0] ?? '')));
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', () => {});
    socket.once('connect', () => {
      if (head) socket.write(head);
      resolve({ socket, answer });
    });
    socket.once('error', reject);
  });
}

const openConnections = (): Promise<number> => new Promise((resolve, reject) => mock.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

describe('server limits', () => {
  it('When 1,000 clients never finish their headers, then those past the cap are closed at once and the rest get 408 after the headers timeout', async () => {
    const conns = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => halfOpen(i % 2 === 0 ? 'GET /cgi-bin/gettoken?corpid=ww HTTP/1.1\r\nHost: 127.0.0.1\r\n' : '')),
    );
    expect(await openConnections()).toBeLessThanOrEqual(900);
    const answers = await Promise.race([
      Promise.all(conns.map((c) => c.answer)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('half-open connections still open after 8 s')), 8000)),
    ]);
    expect(answers.filter((a) => a === 'HTTP/1.1 408 Request Timeout').length).toBeGreaterThanOrEqual(800);
    expect(await openConnections()).toBe(0);
    // The server still answers.
    const r = await fetch(`${mock.url}/__mock/health`);
    expect(r.status).toBe(200);
  }, 15_000);
});
