/**
 * The callbacks' outgoing HTTP: node:https is loaded on the first https callback URL, not at start-up, and such a
 * URL is really spoken to over TLS (a certificate the mock's process does not trust is an answer-less failure
 * that names the TLS problem, not a crash).
 */
import { createServer } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalCa } from '../../../net/ca.js';
import { CallbackHttp } from './http.js';

describe('callback HTTP over https', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wecom-mock-cbhttp-'));
  let url = '';
  let close = (): void => {};
  beforeAll(async () => {
    const ca = ensureLocalCa(dir, ['127.0.0.1', 'localhost']);
    const server = createServer({ cert: ca.certPem, key: ca.keyPem }, (req, res) => res.end('success'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('When the callback URL is https with a certificate of an untrusted CA, then the result is a network error naming the TLS check', async () => {
    const http = new CallbackHttp();
    try {
      const r = await http.request('POST', new URL(url), '<xml/>', 5_000, 1024);
      expect(r.status).toBeNull();
      expect(r.outcome).toBe('network_error');
      expect(r.error).toMatch(/certificate|CERT/i);
    } finally {
      http.close();
    }
  });
});
