/** Multipart bodies and sample files for the upload suites (media, batch). */
import { connect } from 'node:net';
import { call, type Base, type OperationId, type WeComAnswer } from '../../harness/client.js';

/** Small files whose first bytes are what WeCom checks (JPEG FF D8 FF, PNG signature, `#!AMR`, MP4 `ftyp` at 4). */
export const SAMPLES = {
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(40, 7), Buffer.from([0xff, 0xd9])]),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0\0\0\rIHDR'), Buffer.alloc(30, 3)]),
  amr: Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(64, 0x3c)]),
  mp4: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(60, 1)]),
  text: Buffer.from('this is plain text, not an image at all\n'),
};

export interface Part {
  name?: string;
  filename?: string;
  filelength?: number | 'auto';
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body; returns it with its Content-Type. */
export function multipart(parts: Part[], boundary = '----wecomMockTest7MA4YWxk'): { body: Buffer; contentType: string } {
  const out: Buffer[] = [];
  for (const p of parts) {
    const data = Buffer.from(p.data);
    let disp = `form-data; name="${p.name ?? 'media'}"`;
    if (p.filename !== undefined) disp += `; filename="${p.filename}"`;
    if (p.filelength !== undefined) disp += `; filelength=${p.filelength === 'auto' ? data.length : p.filelength}`;
    const headers = [`Content-Disposition: ${disp}`, ...(p.contentType ? [`Content-Type: ${p.contentType}`] : [])];
    out.push(Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), data, Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(out), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs one file as the `media` part (query as given: suites also send wrong types). */
export function upload(
  base: Base,
  op: OperationId,
  query: Record<string, string | undefined>,
  data: Buffer | string,
  filename = 'file.bin',
  contentType = 'application/octet-stream',
): Promise<WeComAnswer> {
  const form = multipart([{ filename, filelength: 'auto', contentType, data }]);
  return call(base, op, { unchecked: true, query, body: form.body, headers: { 'content-type': form.contentType } });
}

export interface StreamedUpload {
  status: number;
  json: Record<string, unknown> | undefined;
  /** Body bytes written before the answer arrived. */
  writtenAtAnswer: number;
  /** Body bytes written in all, until the server closed the connection or the body was complete. */
  writtenInAll: number;
  /** True when the server closed the connection before the whole body was written. */
  closedEarly: boolean;
}

/**
 * Sends a multipart upload of `total` body bytes over a raw TCP connection, chunk by chunk (each write
 * waits for the socket to drain), with a declared Content-Length or chunked, and keeps writing after the
 * answer arrived to see whether the server goes on reading. Nothing here depends on timing.
 */
export function slowUpload(url: string, opts: { total: number; declareLength: boolean; chunk?: number }): Promise<StreamedUpload> {
  const u = new URL(url);
  const boundary = 'slowUploadBoundary';
  const partHead = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const chunkSize = opts.chunk ?? 64 * 1024;
  const filler = Buffer.alloc(chunkSize, 0x5a);
  const head = [
    `POST ${u.pathname}${u.search} HTTP/1.1`,
    `Host: ${u.host}`,
    `Content-Type: multipart/form-data; boundary=${boundary}`,
    opts.declareLength ? `Content-Length: ${opts.total}` : 'Transfer-Encoding: chunked',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    let written = 0;
    let writtenAtAnswer = -1;
    let closed = false;
    let received = Buffer.alloc(0);
    let answer: { status: number; json: Record<string, unknown> | undefined } | undefined;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      if (!answer) {
        if (closed) {
          settled = true;
          reject(new Error(`connection closed after ${written} bytes without an answer`));
        }
        return;
      }
      if (!closed && written < opts.total) return;
      settled = true;
      socket.destroy();
      resolve({ ...answer, writtenAtAnswer, writtenInAll: written, closedEarly: closed && written < opts.total });
    };
    socket.on('data', (d: Buffer) => {
      if (answer) return;
      received = Buffer.concat([received, d]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers = received.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headers)?.[1] ?? 0);
      if (received.length < end + 4 + length) return;
      const text = received.subarray(end + 4, end + 4 + length).toString('utf8');
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      writtenAtAnswer = written;
      answer = { status: Number(headers.split(' ')[1]), json };
      finish();
    });
    const onClosed = (): void => {
      closed = true;
      finish();
    };
    socket.on('error', onClosed);
    socket.on('close', onClosed);
    const frame = (b: Buffer): Buffer => (opts.declareLength ? b : Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]));
    const pump = (): void => {
      while (!closed && written < opts.total) {
        const piece =
          written === 0
            ? Buffer.concat([partHead, filler]).subarray(0, Math.min(chunkSize, opts.total))
            : filler.subarray(0, Math.min(chunkSize, opts.total - written));
        written += piece.length;
        if (!socket.write(frame(piece))) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!closed && written >= opts.total) {
        if (!opts.declareLength) socket.write('0\r\n\r\n');
        finish();
      }
    };
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
  });
}
