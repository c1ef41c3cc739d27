/**
 * The mock's node:http server: limits that keep a slow or broken client from holding it, and HTTP upgrades
 * handed to the domains (the AI bot's long connection).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { LIMITS } from '../../../spec/generated/limits.js';
import type { UpgradeHandler } from '../tenancy/manifest.js';

export interface ServerLimits {
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxConnections?: number;
}

/**
 * A server whose unfinished headers and requests time out (Node answers 408 and closes) and whose connections
 * past the cap are closed on arrival (defaults: limits.yaml server_headers_timeout, server_request_timeout,
 * server_connections).
 */
export function createMockServer(handle: RequestListener, limits: ServerLimits, upgrades: readonly UpgradeHandler[], log: (m: string) => void): Server {
  const headersTimeout = limits.headersTimeoutMs ?? LIMITS.lifetime.server_headers_timeout.seconds * 1000;
  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, limits.requestTimeoutMs ?? LIMITS.lifetime.server_request_timeout.seconds * 1000),
      // How often Node looks for expired connections (its default, 30 s, would let them live that much longer).
      connectionsCheckingInterval: Math.min(1000, headersTimeout),
    },
    handle,
  );
  server.maxConnections = limits.maxConnections ?? LIMITS.bound.server_connections.max;
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    // Headers or request too slow (headersTimeout / requestTimeout) → 408, anything else → 400; the socket is
    // then closed whether or not the client reads, so it cannot linger half-closed.
    const status = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    else socket.destroy();
  });
  acceptUpgrades(server, upgrades, log);
  return server;
}

/**
 * Hands HTTP upgrades to the domains' handlers (404 when none takes it). Upgraded sockets leave node:http's
 * connection tracking, so close() would wait for them forever: closing the server ends them too.
 */
function acceptUpgrades(server: Server, handlers: readonly UpgradeHandler[], log: (m: string) => void): void {
  const open = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    try {
      for (const h of handlers) if (h(req, socket, head)) return;
    } catch (e) {
      log(`wecom-mock: upgrade of ${req.url} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  const close = server.close.bind(server);
  server.close = ((callback?: (err?: Error) => void) => {
    for (const s of open) s.destroy();
    return close(callback);
  }) as Server['close'];
}
