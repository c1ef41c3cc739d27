/**
 * The baseline of `npm run bench`: a bare node:http server answering the same JSON bodies (and the same
 * headers) as the mock's gettoken and user/get, with nothing else in the way.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const bodies = new Map<string, string>();

/** Starts the baseline on a free port; `answers` maps a path (without query) to the JSON text it returns. */
export function startBare(answers: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  for (const [k, v] of Object.entries(answers)) bodies.set(k, v);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const body = bodies.get(q < 0 ? url : url.slice(0, q));
    if (body === undefined) {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=UTF-8',
      'Content-Length': Buffer.byteLength(body),
      'Error-Code': '0',
      'Error-Msg': 'ok',
    });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

// As a child process: `node bare-server.js '<answers json>'` prints its URL on the first line.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const answers = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
  void startBare(answers).then(({ url }) => process.stdout.write(`${url}\n`));
}
