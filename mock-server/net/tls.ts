/**
 * TLS front ends of the mock, for clients with WeCom's hosts hard-coded:
 *
 * - an HTTPS listener serving qyapi.weixin.qq.com, open.weixin.qq.com, open.work.weixin.qq.com,
 *   login.work.weixin.qq.com and api.mch.weixin.qq.com with a certificate from the local CA (ca.ts); it asks
 *   for a client certificate and tells the mock which one came (the pay host's mutual TLS);
 * - an HTTP proxy that accepts `CONNECT` to those hosts only, terminates the TLS itself with the same
 *   certificate and hands the requests to the mock (other hosts: 403). Plain `http://` requests to those
 *   hosts through the proxy are answered too.
 *
 * Requests go to a request listener (the app in this process) or are forwarded to a mock's base URL.
 */
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { ensureLocalCa, trustEnv, WECOM_HOSTS, type LocalCa } from './ca.js';
import { CLIENT_CERT_HEADER } from './client-cert.js';

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface TlsOptions {
  /** The mock's request listener, or the base URL of a running mock to forward to. */
  upstream: Listener | string;
  /** CA directory (default WECOM_MOCK_CA_DIR or ~/.wecom-mock/ca). */
  caDir?: string;
  host?: string;
  /** Start the HTTPS listener on this port (0 = any). */
  httpsPort?: number;
  /** Start the CONNECT proxy on this port (0 = any). */
  proxyPort?: number;
}

export interface TlsFrontends {
  ca: LocalCa;
  /** https://127.0.0.1:<port> (send SNI / Host qyapi.weixin.qq.com, or map the hosts to 127.0.0.1). */
  httpsUrl: string | undefined;
  /** http://127.0.0.1:<port>, for HTTPS_PROXY. */
  proxyUrl: string | undefined;
  /** Variables that make a client trust the CA and use the proxy. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A listener that forwards to a running mock. */
export function forwardTo(baseUrl: string): Listener {
  const target = new URL(baseUrl);
  return (req, res) => {
    const up = httpRequest(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => {
      // The mock dropped the connection (a `drop` fault): do the same to the client.
      if (!res.headersSent) res.socket?.destroy();
      else res.destroy();
    });
    req.pipe(up);
  };
}

/**
 * Tells the mock which client certificate a request came with (client-cert.ts): a client's own header is
 * dropped; a request over TLS gets the fingerprint of a certificate the local CA issued, or `none`. The pay
 * host's paths (api.mch.weixin.qq.com) want the merchant's certificate (mutual TLS, doc path/90275).
 */
function tagClientCert(handler: Listener, caCertPem: string): Listener {
  const caCert = new X509Certificate(caCertPem);
  // Checked here rather than read from socket.authorized, which a TLSSocket made by hand (the proxy's) never sets.
  const issuedByCa = (raw: Buffer | undefined): boolean => {
    if (!raw || raw.length === 0) return false;
    try {
      const cert = new X509Certificate(raw);
      const now = Date.now();
      return cert.checkIssued(caCert) && cert.verify(caCert.publicKey) && Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
    } catch {
      return false;
    }
  };
  return (req, res) => {
    delete req.headers[CLIENT_CERT_HEADER];
    const socket = req.socket as TLSSocket;
    if (socket.encrypted) {
      const peer = socket.getPeerCertificate();
      req.headers[CLIENT_CERT_HEADER] = issuedByCa(peer.raw) && peer.fingerprint256 ? peer.fingerprint256 : 'none';
    }
    handler(req, res);
  };
}

function allowed(host: string): boolean {
  return (WECOM_HOSTS as readonly string[]).includes(host.toLowerCase());
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Starts the HTTPS listener and/or the CONNECT proxy. */
export async function startTlsFrontends(options: TlsOptions): Promise<TlsFrontends> {
  const ca = ensureLocalCa(options.caDir);
  const handler = tagClientCert(typeof options.upstream === 'string' ? forwardTo(options.upstream) : options.upstream, ca.caCertPem);
  const host = options.host ?? '127.0.0.1';
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const servers: Server[] = [];
  const sockets = new Set<Socket>();

  let httpsUrl: string | undefined;
  if (options.httpsPort !== undefined) {
    // A client certificate is asked for, never required: only the pay paths check it (their merchant's).
    const https = createHttpsServer({ cert: ca.certPem, key: ca.keyPem, ca: ca.caCertPem, requestCert: true, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, handler);
    https.on('clientError', (_e, socket) => socket.destroy());
    https.on('tlsClientError', (_e, socket) => socket.destroy());
    servers.push(https);
    httpsUrl = `https://${shown}:${await listen(https, options.httpsPort, host)}`;
  }

  let proxyUrl: string | undefined;
  if (options.proxyPort !== undefined) {
    const context = createSecureContext({ cert: ca.certPem, key: ca.keyPem, ca: ca.caCertPem });
    // TLS connections opened through CONNECT are handed to this (never listening) server.
    const inner = createHttpServer(handler);
    inner.on('clientError', (_e, socket) => socket.destroy());
    const proxy = createHttpServer((req, res) => {
      // Absolute-form requests (`GET http://qyapi.weixin.qq.com/…`): only for WeCom's hosts.
      let url: URL | undefined;
      try {
        url = new URL(req.url ?? '');
      } catch {
        url = undefined;
      }
      if (!url || !allowed(url.hostname)) {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end(`wecom-mock proxy: only ${WECOM_HOSTS.join(', ')}\n`);
        return;
      }
      req.url = `${url.pathname}${url.search}`;
      handler(req, res);
    });
    proxy.on('clientError', (_e, socket) => socket.destroy());
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      // A client may reset the tunnel at any time: never let that take the mock down.
      client.on('error', () => client.destroy());
      const [name = '', port = '443'] = (req.url ?? '').split(':');
      if (!allowed(name) || port !== '443') {
        client.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nwecom-mock proxy: only ${WECOM_HOSTS.join(', ')} on port 443\n`);
        return;
      }
      sockets.add(client);
      client.once('close', () => sockets.delete(client));
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) client.unshift(head);
      const tls = new TLSSocket(client, { isServer: true, secureContext: context, requestCert: true, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
      tls.on('error', () => client.destroy());
      inner.emit('connection', tls);
    });
    servers.push(proxy, inner);
    proxyUrl = `http://${shown}:${await listen(proxy, options.proxyPort, host)}`;
  }

  return {
    ca,
    httpsUrl,
    proxyUrl,
    env: trustEnv(ca, proxyUrl),
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.filter((s) => s.listening).map(closeServer));
    },
  };
}
