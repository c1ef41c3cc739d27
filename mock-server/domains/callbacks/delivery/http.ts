/**
 * The mock's outgoing HTTP for callbacks: one request, a hard deadline for the whole exchange, a capped
 * body. Never throws: every failure becomes a result the outbox can record.
 */
import http from 'node:http';
// node:https (and node:tls under it) is loaded when a callback URL is https, not at every start-up.
type Https = typeof import('node:https');
const loadHttps = (): Https => process.getBuiltinModule('node:https');

export interface HttpResult {
  /** null when no HTTP answer arrived (timeout, refused, reset, not HTTP). */
  status: number | null;
  body: string | null;
  /** True when the body was longer than the cap and was cut. */
  truncated: boolean;
  outcome: 'answered' | 'timeout' | 'network_error';
  error: string | null;
  duration_ms: number;
}

/** Keep-alive agents shared by one mock instance's deliveries (closed with it). */
export class CallbackHttp {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private httpsAgent: InstanceType<Https['Agent']> | undefined;

  /** Sends one request; resolves with what happened within `timeoutMs` (the whole exchange, body included). */
  request(method: 'GET' | 'POST', url: URL, body: string | undefined, timeoutMs: number, maxBytes: number, contentType = 'text/xml; charset=utf-8'): Promise<HttpResult> {
    const started = performance.now();
    const secure = url.protocol === 'https:';
    const mod = secure ? loadHttps() : http;
    const agent = secure ? (this.httpsAgent ??= new (loadHttps().Agent)({ keepAlive: true, maxSockets: 64 })) : this.httpAgent;
    return new Promise<HttpResult>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (r: Omit<HttpResult, 'duration_ms'>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...r, duration_ms: Math.round((performance.now() - started) * 1000) / 1000 });
      };
      // A string body lets node:http send headers and body in one write (a Buffer costs a writev).
      const payload = body;
      let req: http.ClientRequest;
      try {
        req = mod.request(url, {
          method,
          agent,
          headers: {
            'user-agent': 'wecom-mock-callback',
            ...(payload !== undefined && { 'content-type': contentType, 'content-length': String(Buffer.byteLength(payload)) }),
          },
        });
      } catch (e) {
        finish({ status: null, body: null, truncated: false, outcome: 'network_error', error: (e as Error).message });
        return;
      }
      timer = setTimeout(() => {
        finish({ status: null, body: null, truncated: false, outcome: 'timeout', error: `no complete answer within ${timeoutMs} ms` });
        req.destroy();
      }, timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => {
        finish({ status: null, body: null, truncated: false, outcome: 'network_error', error: e.code ? `${e.code}: ${e.message}` : e.message });
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          if (size + chunk.length > maxBytes) {
            chunks.push(chunk.subarray(0, maxBytes - size));
            size = maxBytes;
            truncated = true;
            // Stop reading an oversized answer: the cap is what protects the mock from a hostile receiver.
            finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), truncated, outcome: 'answered', error: null });
            res.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => {
          finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), truncated, outcome: 'answered', error: null });
        });
        res.on('error', (e) => {
          finish({ status: null, body: null, truncated: false, outcome: 'network_error', error: e.message });
        });
      });
      req.end(payload);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent?.destroy();
  }
}
