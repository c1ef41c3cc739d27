import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sendEnvelope } from './envelope.js';

describe('envelope', () => {
  it('When an errmsg quotes a huge input, then the Error-Msg header is bounded and the client still reads the answer', async () => {
    const huge = `invalid parameter: ${'x'.repeat(70_000)}`;
    const server = createServer((_req, res) => sendEnvelope(res, 40058, huge, undefined));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const header = r.headers.get('error-msg')!;
      expect(header.length).toBeLessThanOrEqual(1024);
      expect(header.startsWith('invalid parameter: xxx')).toBe(true);
      expect(r.headers.get('error-code')).toBe('40058');
      // The body keeps the whole errmsg.
      expect(((await r.json()) as { errmsg: string }).errmsg).toBe(huge);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
