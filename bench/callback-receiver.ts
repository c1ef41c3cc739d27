/**
 * The receiver of the callbacks benchmark, run as a child process: verifies and decrypts every POST (as a
 * real receiver must) and answers 200 with an empty body. Prints its URL as the first stdout line.
 * Usage: node callback-receiver.js <token> <encodingAesKey> <receiveId>
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptEnvelope } from '../mock-server/core/crypto/index.js';

const [token = '', key = '', receiveId = ''] = process.argv.slice(2);
let opened = 0;
let refused = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    try {
      decryptEnvelope({
        token,
        encodingAesKey: key,
        receiveId,
        msgSignature: q.get('msg_signature') ?? '',
        timestamp: q.get('timestamp') ?? '',
        nonce: q.get('nonce') ?? '',
        body: Buffer.concat(chunks),
      });
      opened++;
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
    } catch {
      refused++;
      res.writeHead(403, { 'Content-Length': 0 });
      res.end();
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/cb\n`);
});
process.on('message', () => process.send?.({ opened, refused }));
