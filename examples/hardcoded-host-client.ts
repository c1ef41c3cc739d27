/**
 * Example: a client that only knows https://qyapi.weixin.qq.com (hard-coded, as in many SDKs) and honours
 * HTTPS_PROXY the way curl and Python's requests do: a CONNECT tunnel, then TLS to the real host name.
 * Under `wecom-mock verify-client` (proxy on by default) it reaches the mock without a code change:
 *
 *   npx wecom-mock verify-client -- npx tsx examples/hardcoded-host-client.ts
 *
 * Node's fetch ignores HTTPS_PROXY, hence node:http CONNECT + node:tls here. The mock's CA comes in
 * through NODE_EXTRA_CA_CERTS, which Node reads at start-up.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

const HOST = 'qyapi.weixin.qq.com';

/** A TLS connection to HOST:443, through the proxy when HTTPS_PROXY is set. */
function connectTls(): Promise<TLSSocket> {
  const proxy = process.env['HTTPS_PROXY'] ?? process.env['https_proxy'];
  if (!proxy) return Promise.resolve(tlsConnect({ host: HOST, port: 443, servername: HOST }));
  const p = new URL(proxy);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname: p.hostname, port: p.port, method: 'CONNECT', path: `${HOST}:443`, headers: { host: `${HOST}:443` } });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) return reject(new Error(`proxy refused CONNECT: ${res.statusCode}`));
      resolve(tlsConnect({ socket, servername: HOST }));
    });
    req.once('error', reject);
    req.end();
  });
}

async function get(path: string): Promise<Record<string, unknown>> {
  const socket = await connectTls();
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: HOST, path, method: 'GET', createConnection: () => socket }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as Record<string, unknown>);
        } catch {
          reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 100)}`));
        }
      });
    });
    req.once('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const corpid = process.env['WECOM_CORP_ID'] ?? '';
  const secret = process.env['WECOM_CORP_SECRET'] ?? '';
  const t = await get(`/cgi-bin/gettoken?corpid=${encodeURIComponent(corpid)}&corpsecret=${encodeURIComponent(secret)}`);
  if (t['errcode'] !== 0) throw new Error(`gettoken: ${JSON.stringify(t)}`);
  const token = String(t['access_token']);
  const d = await get(`/cgi-bin/department/simplelist?access_token=${encodeURIComponent(token)}`);
  if (d['errcode'] !== 0) throw new Error(`department/simplelist: ${JSON.stringify(d)}`);
  const ips = await get(`/cgi-bin/getcallbackip?access_token=${encodeURIComponent(token)}`);
  console.log(`hardcoded-host-client: ${(d['department_id'] as unknown[]).length} departments via https://${HOST}; callback ips ${JSON.stringify(ips['ip_list'])}`);
}

main().catch((e: unknown) => {
  console.error(`hardcoded-host-client: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
