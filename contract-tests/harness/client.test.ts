import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../spec/generated/operations.js';
import { call, callUrl, operation, urlOf, type OperationId } from './client.js';

/** A server that records what it got and answers `answer`. */
let server: Server;
let base: string;
let seen: Array<{ method: string; url: string; contentType: string | undefined; body: string }> = [];
let answer: { type: string; body: string | Buffer } = { type: 'application/json', body: '{"errcode":0,"errmsg":"ok"}' };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': answer.type });
      res.end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  answer = { type: 'application/json', body: '{"errcode":0,"errmsg":"ok"}' };
});

describe('call', () => {
  it('When an operationId is not in the spec, then it throws before sending anything', async () => {
    await expect(call(base, 'no_such_operation' as OperationId)).rejects.toThrow('no_such_operation is not an operationId of the spec');
    expect(() => urlOf(base, 'user/get' as OperationId)).toThrow(/not an operationId/);
    expect(seen).toEqual([]);
  });

  it('When an operation is called, then its method and path come from the spec and the token travels as its credential', async () => {
    await call(base, 'user_list_id', { token: 'T1', body: { limit: 5 } });
    await call(base, 'user_get', { token: 'T2', query: { userid: 'zhang san' } });
    await call({ baseUrl: base }, 'service_get_pre_auth_code', { token: 'S1' });
    await call(base, 'service_get_provider_token', { body: { corpid: 'wx1', provider_secret: 'p' } });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      `${operation('user_list_id').method} /cgi-bin/user/list_id?access_token=T1`,
      `${operation('user_get').method} /cgi-bin/user/get?access_token=T2&userid=zhang%20san`,
      'GET /cgi-bin/service/get_pre_auth_code?suite_access_token=S1',
      'POST /cgi-bin/service/get_provider_token',
    ]);
    expect(operation('user_list_id').method).toBe('POST');
    expect(seen[0]).toMatchObject({ contentType: 'application/json', body: '{"limit":5}' });
  });

  it('When every operation of the spec is looked up, then the route table answers its own method and path', () => {
    for (const op of OPERATIONS) expect(operation(op.operationId)).toMatchObject({ method: op.method, path: op.path });
    expect(urlOf(base, 'media_get', { access_token: 'T', media_id: 'a/b' })).toBe(`${base}/cgi-bin/media/get?access_token=T&media_id=a%2Fb`);
  });

  it('When a call is unchecked, then the method, undeclared parameters and a raw body are sent as given', async () => {
    await call(base, 'user_list_id', { unchecked: true, method: 'GET', token: 'T' });
    await call(base, 'getcallbackip', { unchecked: true, method: 'POST', token: 'T', query: { extra: 1 }, body: '{broken', headers: { 'x-a': 'b' } });
    expect(seen.map((s) => `${s.method} ${s.url} ${s.contentType ?? '-'} ${s.body}`)).toEqual([
      'GET /cgi-bin/user/list_id?access_token=T - ',
      'POST /cgi-bin/getcallbackip?access_token=T&extra=1 text/plain;charset=UTF-8 {broken',
    ]);
  });

  it('When the answer is JSON, then errcode and errmsg are read from it; other answers keep their bytes', async () => {
    answer = { type: 'application/json', body: '{"errcode":40014,"errmsg":"invalid access_token","department":[]}' };
    const r = await call(base, 'user_get', { token: 'x' });
    expect(r).toMatchObject({ status: 200, errcode: 40014, errmsg: 'invalid access_token', json: { department: [] } });
    answer = { type: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]) };
    const file = await call(base, 'media_get', { token: 'x', query: { media_id: 'm' } });
    expect(file.json).toBeUndefined();
    expect(file.errcode).toBeUndefined();
    expect([...file.bytes]).toEqual([0x89, 0x50, 0x4e, 0x47, 0xff]);
  });

  it('When a URL is called as given, then the path and query are kept', async () => {
    await callUrl(base, '/cgi-bin/user/get?userid=a&userid=b', { query: { access_token: 'T' } });
    expect(seen[0]!.url).toBe('/cgi-bin/user/get?userid=a&userid=b&access_token=T');
  });
});

/** Compile-time checks (`npm run typecheck`); never run. */
export function typeChecks(): void {
  // @ts-expect-error an operationId the spec does not have
  void call(base, 'user_gett');
  // @ts-expect-error a query parameter the operation does not declare
  void call(base, 'user_get', { query: { user_id: 'x' } });
  // @ts-expect-error a body field of the wrong type
  void call(base, 'user_list_id', { body: { limit: '10' } });
  // @ts-expect-error a method override needs `unchecked`
  void call(base, 'user_list_id', { method: 'GET' });
  void (async () => {
    const r = await call(base, 'gettoken', { query: { corpid: 'c', corpsecret: 's' } });
    const token: string | undefined = r.json?.access_token;
    // @ts-expect-error the answer is typed: expires_in is a number
    const wrong: string | undefined = r.json?.expires_in;
    void token;
    void wrong;
  })();
}
