/** The local CA and the TLS front ends: real TLS for WeCom's host names, a CONNECT proxy for them only. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../index.js';
import { ensureLocalCa, issueClientCert, WECOM_HOSTS } from './ca.js';
import { CLIENT_CERT_HEADER } from './client-cert.js';
import { startTlsFrontends, type TlsFrontends } from './tls.js';

const dir = mkdtempSync(join(tmpdir(), 'wecom-mock-ca-'));
let fe: TlsFrontends;

beforeAll(async () => {
  const app = createApp({ demoCorp: false });
  fe = await startTlsFrontends({ upstream: app.handle, caDir: dir, httpsPort: 0, proxyPort: 0 });
});
afterAll(async () => {
  await fe?.close();
});

function get(port: number, host: string, path: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ hostname: '127.0.0.1', port, servername: host, headers: { host }, path, ca }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(proxyUrl: string, target: string): Promise<{ status: number; socket: import('node:net').Socket }> {
  const p = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname: p.hostname, port: p.port, method: 'CONNECT', path: target });
    req.once('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
    req.once('response', (res) => resolve({ status: res.statusCode ?? 0, socket: res.socket }));
    req.once('error', reject);
    req.end();
  });
}

describe('local CA', () => {
  it('When the CA is asked for twice, then it is made once and the server certificate names every WeCom host', () => {
    const a = ensureLocalCa(dir);
    const b = ensureLocalCa(dir);
    expect(b.caCertPem).toBe(a.caCertPem);
    const cert = new X509Certificate(a.certPem);
    for (const h of WECOM_HOSTS) expect(cert.subjectAltName).toContain(`DNS:${h}`);
    expect(cert.verify(new X509Certificate(a.caCertPem).publicKey)).toBe(true);
    expect(new X509Certificate(a.caCertPem).ca).toBe(true);
    expect(readFileSync(a.bundlePath, 'utf8')).toContain(a.caCertPem.trim());
  });
});

describe('TLS front ends', () => {
  it('When a client trusting the CA calls https://qyapi.weixin.qq.com on the HTTPS listener, then the mock answers', async () => {
    const port = Number(new URL(fe.httpsUrl!).port);
    const r = await get(port, 'qyapi.weixin.qq.com', '/cgi-bin/getcallbackip', fe.ca.caCertPem);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ errcode: 41001 });
  });

  it('When a client tunnels to a WeCom host through the proxy, then TLS ends at the mock with a certificate for that host', async () => {
    const { status, socket } = await connect(fe.proxyUrl!, 'login.work.weixin.qq.com:443');
    expect(status).toBe(200);
    const tls = tlsConnect({ socket, servername: 'login.work.weixin.qq.com', ca: fe.ca.caCertPem });
    await new Promise<void>((resolve, reject) => {
      tls.once('secureConnect', resolve);
      tls.once('error', reject);
    });
    expect(tls.authorized).toBe(true);
    tls.write('GET /cgi-bin/gettoken HTTP/1.1\r\nHost: qyapi.weixin.qq.com\r\nConnection: close\r\n\r\n');
    let text = '';
    for await (const chunk of tls) text += String(chunk);
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    expect(text).toContain('"errcode":41004');
  });

  it('When a client asks the proxy for another host or port, then it is refused with 403 and the proxy keeps running', async () => {
    const other = await connect(fe.proxyUrl!, 'example.com:443');
    expect(other.status).toBe(403);
    other.socket.destroy();
    const port = await connect(fe.proxyUrl!, 'qyapi.weixin.qq.com:8443');
    expect(port.status).toBe(403);
    port.socket.destroy();
    const again = await connect(fe.proxyUrl!, 'qyapi.weixin.qq.com:443');
    expect(again.status).toBe(200);
    again.socket.destroy();
  });
});

describe('client certificates', () => {
  it('When a request comes over TLS, then the mock learns the fingerprint of a certificate the local CA issued, "none" for another, and never a client\'s own header', async () => {
    const seen: Array<string | undefined> = [];
    const echo = await startTlsFrontends({
      upstream: (req, res) => {
        seen.push(req.headers[CLIENT_CERT_HEADER] as string | undefined);
        res.end('ok');
      },
      caDir: dir,
      httpsPort: 0,
    });
    try {
      const port = Number(new URL(echo.httpsUrl!).port);
      const ours = issueClientCert('1234567890', '1234567890', dir);
      // A certificate issued by another local CA (another directory).
      const foreign = issueClientCert('1234567890', 'x', mkdtempSync(join(tmpdir(), 'wecom-mock-ca-other-')));
      const send = (cert?: { certPem: string; keyPem: string }, spoof?: string): Promise<void> =>
        new Promise((resolve, reject) => {
          const req = httpsRequest(
            {
              hostname: '127.0.0.1', port, servername: 'api.mch.weixin.qq.com', path: '/', ca: echo.ca.caCertPem, agent: false,
              headers: { host: 'api.mch.weixin.qq.com', ...(spoof && { [CLIENT_CERT_HEADER]: spoof }) },
              ...(cert && { cert: cert.certPem, key: cert.keyPem }),
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve());
            },
          );
          req.on('error', reject);
          req.end();
        });
      await send(ours);
      await send(foreign);
      await send(undefined, ours.fingerprint256);
      expect(seen).toEqual([ours.fingerprint256, 'none', 'none']);
      expect(new X509Certificate(ours.certPem).checkIssued(new X509Certificate(echo.ca.caCertPem))).toBe(true);
    } finally {
      await echo.close();
    }
  });
});
