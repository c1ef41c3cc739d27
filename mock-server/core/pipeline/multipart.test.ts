import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBoundary, parseDisposition, readMultipartFile, type MultipartOptions, type MultipartResult } from './multipart.js';

let server: Server;
let url = '';
let options: MultipartOptions = { field: 'media', maxBytes: 1000 };
let last: MultipartResult | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    void readMultipartFile(req, options).then((r) => {
      last = r;
      const body = JSON.stringify(r.ok ? { ok: true, size: r.file.data.length, filename: r.file.filename, filelength: r.file.filelength, contentType: r.file.contentType, data: r.file.data.toString('latin1') } : r);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Sends `body` in pieces of `piece` bytes. */
function send(body: Buffer, contentType: string, piece = body.length): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>));
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += piece) req.write(body.subarray(i, i + piece));
    req.end();
  });
}

function form(boundary: string, parts: Array<{ headers: string; data: Buffer | string }>, close = true): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) out.push(Buffer.from(`--${boundary}\r\n${p.headers}\r\n\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  if (close) out.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(out);
}

describe('multipartBoundary', () => {
  it('reads plain and quoted boundaries and refuses other types', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/json')).toBeUndefined();
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
    expect(multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeUndefined();
  });
});

describe('parseDisposition', () => {
  it('reads quoted and bare parameters', () => {
    const p = parseDisposition('form-data; name="media"; filename="a \\"b\\".jpg"; filelength=12');
    expect(p.get('name')).toBe('media');
    expect(p.get('filename')).toBe('a "b".jpg');
    expect(p.get('filelength')).toBe('12');
  });
});

describe('readMultipartFile', () => {
  const ct = (b: string): string => `multipart/form-data; boundary=${b}`;

  it('keeps the media part byte for byte, whatever the chunking', async () => {
    options = { field: 'media', maxBytes: 1000 };
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    const body = form('XyZ', [
      { headers: 'Content-Disposition: form-data; name="other"', data: 'hello' },
      { headers: 'Content-Disposition: form-data; name="media"; filename="文件.bin"; filelength=300\r\nContent-Type: application/octet-stream', data },
    ]);
    for (const piece of [1, 3, 7, 64, body.length]) {
      const r = await send(body, ct('XyZ'), piece);
      expect(r).toMatchObject({ ok: true, size: 300, filename: '文件.bin', filelength: 300, contentType: 'application/octet-stream' });
      expect(Buffer.from(r['data'] as string, 'latin1').equals(data)).toBe(true);
    }
  });

  it('accepts a part whose bytes contain CRLF and boundary-like text', async () => {
    options = { field: 'media', maxBytes: 1000 };
    const data = Buffer.from('line\r\n--XyNot\r\n--Xy\r\nend --XyZ');
    const r = await send(form('XyZ', [{ headers: 'Content-Disposition: form-data; name="media"; filename="a"', data }]), ct('XyZ'), 5);
    expect(r['ok']).toBe(true);
    expect(r['data']).toBe(data.toString('latin1'));
  });

  it('reports a missing part, an empty part and a body that is not multipart', async () => {
    options = { field: 'media', maxBytes: 1000 };
    expect((await send(form('b', [{ headers: 'Content-Disposition: form-data; name="file"', data: 'abc' }]), ct('b')))['reason']).toBe('missing_part');
    expect((await send(form('b', [{ headers: 'Content-Disposition: form-data; name="media"', data: '' }]), ct('b')))['reason']).toBe('empty');
    expect((await send(Buffer.from('{}'), 'application/json'))['reason']).toBe('not_multipart');
    expect((await send(Buffer.alloc(0), ct('b')))['reason']).toBe('missing_part');
  });

  it('reports a truncated body as malformed', async () => {
    options = { field: 'media', maxBytes: 1000 };
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="media"\r\n\r\nabcdef');
    expect((await send(body, ct('b')))['reason']).toBe('malformed');
  });

  it('refuses a part over the limit, a declared filelength over it, and a declared Content-Length over it', async () => {
    options = { field: 'media', maxBytes: 100 };
    const big = form('b', [{ headers: 'Content-Disposition: form-data; name="media"', data: Buffer.alloc(101, 1) }]);
    expect((await send(big, ct('b'), 10))['reason']).toBe('too_large');
    const fl = form('b', [{ headers: 'Content-Disposition: form-data; name="media"; filelength=5000', data: Buffer.alloc(10, 1) }]);
    expect((await send(fl, ct('b')))['reason']).toBe('too_large');
    options = { field: 'media', maxBytes: 100, maxOtherBytes: 100 };
    const r = await send(Buffer.alloc(1000, 0x41), ct('b'));
    expect(r['reason']).toBe('too_large');
    expect(last?.ok).toBe(false);
  });

  it('refuses too many parts and oversized part headers', async () => {
    options = { field: 'media', maxBytes: 100, maxParts: 2 };
    const many = form('b', [1, 2, 3].map((i) => ({ headers: `Content-Disposition: form-data; name="f${i}"`, data: 'x' })));
    expect((await send(many, ct('b')))['reason']).toBe('malformed');
    options = { field: 'media', maxBytes: 100, maxHeaderBytes: 64 };
    const fat = form('b', [{ headers: `Content-Disposition: form-data; name="media"; filename="${'a'.repeat(100)}"`, data: 'x' }]);
    expect((await send(fat, ct('b')))['reason']).toBe('malformed');
  });

  it('after a refusal, reads and drops the rest up to the discard bound, then closes the connection', async () => {
    options = { field: 'media', maxBytes: 100, discard: { discardBytes: 64 * 1024, lingerMs: 20 } };
    const head = Buffer.from('--b\r\nContent-Disposition: form-data; name="media"\r\n\r\n');
    // Within the bound: the whole body is read, the answer arrives, the connection is kept.
    expect((await send(Buffer.concat([head, Buffer.alloc(32 * 1024, 1)]), ct('b'), 1024))['reason']).toBe('too_large');
    // Past the bound: the server stops reading and closes the connection long before the client is done.
    let sent = 0;
    const total = 64 * 1024 * 1024;
    await new Promise<void>((resolve) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': ct('b'), 'transfer-encoding': 'chunked' } }, (res) => res.resume());
      req.on('error', () => {});
      req.on('close', () => resolve());
      req.write(head);
      const piece = Buffer.alloc(16 * 1024, 1);
      const pump = (): void => {
        while (sent < total) {
          sent += piece.length;
          if (!req.write(piece)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });
});
