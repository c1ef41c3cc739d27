/**
 * A client that can only reach https://qyapi.weixin.qq.com (hard-coded) works against the mock: verify-client
 * starts the CONNECT proxy with the local CA and hands the child HTTPS_PROXY and NODE_EXTRA_CA_CERTS.
 */
import { mkdtempSync } from 'node:fs';
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
