/**
 * A client that can only reach https://qyapi.weixin.qq.com (hard-coded) works against the mock: verify-client
 * starts the CONNECT proxy with the local CA and hands the child HTTPS_PROXY and NODE_EXTRA_CA_CERTS.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proxyForClient } from './network.js';
import { verifyClient } from './run.js';

const ROOT = join(import.meta.dirname, '..', '..');
const caDir = mkdtempSync(join(tmpdir(), 'verify-ca-'));

describe('verify-client with the TLS proxy', () => {
  it('When a client with https://qyapi.weixin.qq.com hard-coded runs under verify-client, then its calls reach the mock over TLS and pass', async () => {
    const r = await verifyClient({
      command: [process.execPath, '--import', 'tsx', join(ROOT, 'examples', 'hardcoded-host-client.ts')],
      network: (t) => proxyForClient(t, caDir),
      stdio: 'ignore',
      cwd: ROOT,
    });
    expect(r.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    expect(r.requests).toBe(3);
  });

  it('When the proxy is left out, then the same client cannot reach WeCom and verify-client says no request arrived', async () => {
    const r = await verifyClient({
      command: [process.execPath, '--import', 'tsx', join(ROOT, 'examples', 'hardcoded-host-client.ts')],
      // No proxy, and no way out: the hard-coded host must not be reached for real.
      env: { HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9' },
      stdio: 'ignore',
      cwd: ROOT,
    });
    expect(r.failed).toEqual(['activity', 'client-exit']);
  });
});

describe('verify-client with a callback receiver', () => {
  it('When the client serves a correct receiver, then callback-receiver passes and the service is stopped cleanly after the check', async () => {
    const port = await freePort();
    const r = await verifyClient({
      command: [process.execPath, '--import', 'tsx', join(ROOT, 'contract-tests', 'fixtures', 'receiver-client.ts')],
      callbackUrl: `http://127.0.0.1:${port}/wecom/callback`,
      env: { WECOM_RECEIVER_PORT: String(port) },
      stdio: 'ignore',
      cwd: ROOT,
      timeoutMs: 60_000,
    });
    const cb = r.checks.find((c) => c.id === 'callback-receiver')!;
    expect(cb.status, JSON.stringify(cb.findings)).toBe('pass');
    expect(cb.summary).toContain('wecom-mock check-callback');
    expect(r.failed).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
