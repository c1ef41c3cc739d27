/** What a request says about its caller and how it reached the mock. */
import type { IncomingMessage } from 'node:http';

/** The caller's IP (IPv4 without the ::ffff: prefix). */
export function clientIp(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '127.0.0.1';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/** This server's base URL as the caller reached it (`http://host:port`). */
export function baseUrlOf(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}
