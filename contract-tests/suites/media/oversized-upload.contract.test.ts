/**
 * Oversized uploads seen by ordinary clients (issue 19 item 2): undici fetch with FormData, axios with
 * form-data, curl -F, each with a declared Content-Length and chunked. WeCom answers the size errcode
 * (developer.work.weixin.qq.com/document/path/90253: image ≤10 MB → 40009, file ≤20 MB → 45001 in this
 * mock's catalogue); a client that sends its whole body before reading must still read that answer,
 * not EPIPE / ECONNRESET. Bodies are generated as they are sent, never held whole.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import axios from 'axios';
import FormData from 'form-data';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { code, getToken } from '../../harness/client.js';
import { SAMPLES } from './upload-helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;
const MB = 1024 * 1024;
const corp = await target.newCorp();
const token = await getToken(base, corp.corpid, corp.appSecret);
const url = (type: string): string => `${base}/cgi-bin/media/upload?access_token=${encodeURIComponent(token)}&type=${type}`;

const FILLER = Buffer.alloc(MB, 0x5a);

/** `total` bytes starting with `head`, produced piece by piece (one shared 1 MiB filler). */
async function* fileBytes(total: number, head: Buffer): AsyncGenerator<Buffer> {
  yield head;
  for (let sent = head.length; sent < total; sent += FILLER.length) yield FILLER.subarray(0, Math.min(FILLER.length, total - sent));
}

/** A multipart body with one `media` part of `total` bytes, generated on the fly. */
async function* multipartBytes(boundary: string, total: number, head: Buffer, filename: string): AsyncGenerator<Buffer> {
  yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  yield* fileBytes(total, head);
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

/**
 * Runs `send` while sampling this process's RSS (the in-process mock lives here): the mock must not hold
 * the refused body, so the growth stays far below the body's size.
 */
async function withRssWatch<T>(send: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await send();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMb: (peak - start) / MB };
  } finally {
    clearInterval(timer);
  }
}

function curl(args: string[], stdin: AsyncIterable<Buffer>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    // curl may stop reading stdin once it has its answer; that is fine.
    child.stdin.on('error', () => {});
    Readable.from(stdin).pipe(child.stdin);
  });
}

/** The errcode of the JSON curl printed; curl itself must have said nothing (no transport error). */
function curlErrcode(r: { stdout: string; stderr: string }): unknown {
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as Record<string, unknown>)['errcode'];
}

/** How the last upload of the corp was framed, as the journal saw its headers. */
async function lastFraming(): Promise<'content-length' | 'chunked' | 'none'> {
  const r = await target.admin<{ entries: Array<{ headers?: Record<string, string> }> }>('GET', `/__mock/journal?corpid=${corp.corpid}&operation=media_upload&limit=1`);
  const h = r.json.entries[0]?.headers ?? {};
  if (h['transfer-encoding'] === 'chunked') return 'chunked';
  return h['content-length'] !== undefined ? 'content-length' : 'none';
}

/**
 * The plainest client: writes the whole request (waiting on the socket when it is full), and only then
 * reads the answer. Resolves with the answer's body, rejects on a reset.
 */
function sendAllThenRead(type: string, total: number, chunked: boolean): Promise<Record<string, unknown>> {
  const boundary = 'sendAllBoundary';
  return sendRaw(url(type), `multipart/form-data; boundary=${boundary}`, () => multipartBytes(boundary, total, SAMPLES.text, 'big.bin'), chunked);
}

/** Writes a whole request (`body()` is iterated twice when a Content-Length is declared), then reads the answer. */
function sendRaw(target: string, contentType: string, body: () => AsyncIterable<Buffer>, chunked: boolean): Promise<Record<string, unknown>> {
  const u = new URL(target);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    socket.on('error', reject);
    socket.pause();
    const write = async (): Promise<void> => {
      let length = 0;
      if (!chunked) for await (const p of body()) length += p.length;
      const head = [`POST ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`, `Content-Type: ${contentType}`];
      head.push(chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`, '', '');
      socket.write(head.join('\r\n'));
      for await (const p of body()) {
        // An empty chunk would end a chunked body.
        if (p.length === 0) continue;
        const framed = chunked ? Buffer.concat([Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]) : p;
        if (!socket.write(framed)) await new Promise((r) => socket.once('drain', r));
      }
      if (chunked) socket.write('0\r\n\r\n');
      let answer = Buffer.alloc(0);
      socket.on('data', (d: Buffer) => {
        answer = Buffer.concat([answer, d]);
        const end = answer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const bodyLength = Number(/\r\ncontent-length:\s*(\d+)/i.exec(answer.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        if (answer.length < end + 4 + bodyLength) return;
        socket.destroy();
        resolve(JSON.parse(answer.subarray(end + 4, end + 4 + bodyLength).toString('utf8')) as Record<string, unknown>);
      });
      socket.resume();
    };
    socket.once('connect', () => void write().catch(reject));
  });
}

const IMAGE = 30 * MB;
const FILE = 200 * MB;
const BOUND_MB = 64;

describe.skipIf(!target.isMock)('oversized uploads and bodies with ordinary clients', () => {
  it('When fetch sends a 30 MB image as FormData (Content-Length), then it reads 40009', async () => {
    const form = new globalThis.FormData();
    form.append('media', new Blob([SAMPLES.jpeg, Buffer.alloc(IMAGE - SAMPLES.jpeg.length)]), 'big.jpg');
    const { result } = await withRssWatch(async () => (await (await fetch(url('image'), { method: 'POST', body: form })).json()) as Record<string, unknown>);
    expect(result['errcode']).toBe(code('INVALID_IMAGE_SIZE'));
    expect(await lastFraming()).toBe('content-length');
  });

  it('When fetch streams a 200 MB file chunked, then it reads 45001 and the mock does not hold the body', async () => {
    const boundary = 'fetchChunkedBoundary';
    const { result, growthMb } = await withRssWatch(async () => {
      const res = await fetch(url('file'), {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: Readable.toWeb(Readable.from(multipartBytes(boundary, FILE, SAMPLES.text, 'big.bin'))) as ReadableStream<Uint8Array>,
        duplex: 'half',
      } as RequestInit);
      return (await res.json()) as Record<string, unknown>;
    });
    expect(result['errcode']).toBe(code('MEDIA_SIZE_OUT_OF_LIMIT'));
    expect(growthMb).toBeLessThan(BOUND_MB);
    expect(await lastFraming()).toBe('chunked');
  });

  it('When fetch sends FormData as a stream (chunked), then it reads 40009', async () => {
    const form = new globalThis.FormData();
    form.append('media', new Blob([SAMPLES.jpeg, Buffer.alloc(IMAGE - SAMPLES.jpeg.length)]), 'big.jpg');
    const encoded = new Response(form);
    const res = await fetch(url('image'), {
      method: 'POST',
      headers: { 'content-type': encoded.headers.get('content-type')! },
      body: encoded.body,
      duplex: 'half',
    } as RequestInit);
    expect(((await res.json()) as Record<string, unknown>)['errcode']).toBe(code('INVALID_IMAGE_SIZE'));
    expect(await lastFraming()).toBe('chunked');
  });

  it('When axios sends a 200 MB file with form-data and a known length (Content-Length), then it reads 45001', async () => {
    const form = new FormData();
    form.append('media', Readable.from(fileBytes(FILE, SAMPLES.text)), { filename: 'big.bin', contentType: 'application/octet-stream', knownLength: FILE });
    const { result, growthMb } = await withRssWatch(() =>
      axios.post<Record<string, unknown>>(url('file'), form, { headers: { ...form.getHeaders(), 'content-length': String(form.getLengthSync()) }, maxBodyLength: Infinity }),
    );
    expect(result.data['errcode']).toBe(code('MEDIA_SIZE_OUT_OF_LIMIT'));
    expect(growthMb).toBeLessThan(BOUND_MB);
    expect(await lastFraming()).toBe('content-length');
  });

  it('When axios streams a 30 MB image with form-data and no length (chunked), then it reads 40009', async () => {
    const form = new FormData();
    form.append('media', Readable.from(fileBytes(IMAGE, SAMPLES.jpeg)), { filename: 'big.jpg', contentType: 'image/jpeg' });
    const r = await axios.post<Record<string, unknown>>(url('image'), form, { headers: form.getHeaders(), maxBodyLength: Infinity });
    expect(r.data['errcode']).toBe(code('INVALID_IMAGE_SIZE'));
    expect(await lastFraming()).toBe('chunked');
  });

  it.each([
    ['a 30 MB image', '40009', 'image', 'media=@-;filename=big.jpg;type=image/jpeg', IMAGE, SAMPLES.jpeg, 'INVALID_IMAGE_SIZE'],
    ['a 200 MB file', '45001', 'file', 'media=@-;filename=big.bin', FILE, SAMPLES.text, 'MEDIA_SIZE_OUT_OF_LIMIT'],
  ] as const)('When curl -F sends %s (Content-Length), then it reads %s', async (_what, _code, type, form, size, sample, errcode) => {
    expect(curlErrcode(await curl(['-F', form, url(type)], fileBytes(size, sample)))).toBe(code(errcode));
    expect(await lastFraming()).toBe('content-length');
  });

  it('When a raw client sends all 200 MB before reading, then it reads 45001 with either framing', async () => {
    expect((await sendAllThenRead('file', FILE, false))['errcode']).toBe(code('MEDIA_SIZE_OUT_OF_LIMIT'));
    expect(await lastFraming()).toBe('content-length');
    expect((await sendAllThenRead('file', FILE, true))['errcode']).toBe(code('MEDIA_SIZE_OUT_OF_LIMIT'));
    expect(await lastFraming()).toBe('chunked');
  });

  it('When a raw client sends a 40 MB JSON body before reading, then it reads 40206 with either framing', async () => {
    async function* json(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"touser":"');
      yield* fileBytes(40 * MB, Buffer.alloc(0));
      yield Buffer.from('"}');
    }
    const send = `${base}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`;
    expect((await sendRaw(send, 'application/json', json, false))['errcode']).toBe(code('REQUEST_BODY_TOO_LARGE'));
    expect((await sendRaw(send, 'application/json', json, true))['errcode']).toBe(code('REQUEST_BODY_TOO_LARGE'));
  });

  it('When curl -F sends a 200 MB file chunked, then it reads 45001 and the mock does not hold the body', async () => {
    const { result: r, growthMb } = await withRssWatch(() =>
      curl(['-H', 'Transfer-Encoding: chunked', '-F', 'media=@-;filename=big.bin', url('file')], fileBytes(FILE, SAMPLES.text)),
    );
    expect(curlErrcode(r)).toBe(code('MEDIA_SIZE_OUT_OF_LIMIT'));
    expect(growthMb).toBeLessThan(BOUND_MB);
    expect(await lastFraming()).toBe('chunked');
  });
});

describe.skipIf(!target.isMock)('journal of large bodies', () => {
  it('When message/send carries a 1.9 MB body, then the journal keeps its size and SHA-256, not the body', async () => {
    const body = JSON.stringify({ touser: '@all', msgtype: 'text', agentid: corp.agentid, text: { content: 'x'.repeat(1_900_000) } });
    const r = await fetch(`${base}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(((await r.json()) as Record<string, unknown>)['errcode']).not.toBe(code('REQUEST_BODY_TOO_LARGE'));
    const j = await target.admin<{ entries: Array<Record<string, unknown>> }>('GET', `/__mock/journal?corpid=${corp.corpid}&operation=message_send&limit=1`);
    const e = j.json.entries[0]!;
    expect(e['body']).toBeUndefined();
    expect(e['body_bytes']).toBe(Buffer.byteLength(body));
    expect(e['body_sha256']).toBe(createHash('sha256').update(body).digest('hex'));
  });
});
