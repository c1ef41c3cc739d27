/**
 * The control plane cannot be driven by a web page the developer visits: a cross-site form or fetch
 * (text/plain, no preflight), a foreign Origin, or a DNS name rebound to 127.0.0.1 are refused with 403
 * and a message that says what to change; the WeCom paths keep WeCom's behaviour.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startInProcessTarget } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** A request with exactly the headers a browser (or an attacker's page) would send, Host included. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Raw['json']) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(!target.isMock)('control plane against web pages', () => {
  it('When a page posts text/plain with a foreign Origin to the clock, then 403 and the clock does not move', async () => {
    const corp = await target.newCorp();
    const before = await target.admin<{ offset_seconds: number }>('GET', `/__mock/clock?corpid=${corp.corpid}`);
    const r = await raw(`${base}/__mock/clock`, 'POST', { 'content-type': 'text/plain', origin: 'http://evil.example' }, JSON.stringify({ corpid: corp.corpid, advance_seconds: 86400 }));
    expect(r.status).toBe(403);
    expect(r.json.error?.code).toBe('origin_not_allowed');
    expect(r.json.error?.message).toContain('--allow-origin http://evil.example');
    const after = await target.admin<{ offset_seconds: number }>('GET', `/__mock/clock?corpid=${corp.corpid}`);
    expect(after.json.offset_seconds).toBe(before.json.offset_seconds);
  });

  it('When a state-changing request is not JSON, then 403 json_required and no fault rule is added', async () => {
    const corp = await target.newCorp();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await raw(`${base}/__mock/faults`, 'POST', { 'content-type': type }, JSON.stringify({ corpid: corp.corpid, errcode: -1 }));
      expect(r.status, type).toBe(403);
      expect(r.json.error?.code).toBe('json_required');
    }
    const faults = await target.admin<{ faults: Array<{ corpid?: string }> }>('GET', '/__mock/faults');
    expect(faults.json.faults.filter((f) => f.corpid === corp.corpid)).toEqual([]);
    // WeCom's own paths are not the control plane: a text/plain POST there still gets WeCom's answer.
    const wecom = await call(base, 'user_list_id', { unchecked: true, token: 'x', body: '{}', headers: { 'content-type': 'text/plain' } });
    expect(wecom.errcode).toBe(40014);
  });

  it('When the Host is a rebound DNS name, then 403 host_not_allowed even for reads (secrets stay private)', async () => {
    const r = await raw(`${base}/__mock/corps`, 'GET', { host: 'attacker.example:8080' });
    expect(r.status).toBe(403);
    expect(r.json.error?.code).toBe('host_not_allowed');
    expect(r.json.error?.message).toContain('--allow-host attacker.example');
    expect(JSON.stringify(r.json)).not.toContain('secret');
    for (const host of ['localhost', `127.0.0.1:${new URL(base).port}`, `[::1]:${new URL(base).port}`]) {
      expect((await raw(`${base}/__mock/health`, 'GET', { host })).status, host).toBe(200);
    }
  });

  it("When the mock's own origin calls with JSON, then it works; a bodiless DELETE needs no content type", async () => {
    const corp = await target.newCorp();
    const own = new URL(base).origin;
    const r = await raw(`${base}/__mock/corps/${corp.corpid}/reset`, 'POST', { 'content-type': 'application/json', origin: own });
    expect(r.status).toBe(200);
    const d = await raw(`${base}/__mock/faults/f_missing`, 'DELETE', {});
    expect(d.status).toBe(404);
    expect(d.json.error?.code).toBe('fault_not_found');
  });

  it('When a /__mock path is called with the wrong method, then 405 with Allow and the error shape', async () => {
    const r = await raw(`${base}/__mock/clock`, 'PUT', { 'content-type': 'application/json' }, '{}');
    expect(r.status).toBe(405);
    expect(String(r.headers['allow']).split(', ').sort()).toEqual(['GET', 'POST']);
    expect(r.json.error?.code).toBe('method_not_allowed');
  });

  it('When a corp or a provider is created with an unknown field, then 400 names the field', async () => {
    const c = await target.admin<{ error: { code: string; message: string } }>('POST', '/__mock/corps', { scenario: 'typical', secnario: 'empty' });
    expect(c.status).toBe(400);
    expect(c.json.error.message).toContain('secnario');
    const p = await target.admin<{ error: { code: string; message: string } }>('POST', '/__mock/providers', { corp_nmae: 'x' });
    expect(p.status).toBe(400);
    expect(p.json.error.message).toContain('corp_nmae');
  });
});

describe('control plane allow-lists', () => {
  it('When an origin and a host are allowed, then their requests are answered', async () => {
    const t = await startInProcessTarget({ allowOrigins: ['http://console.example:3000'], allowHosts: ['mock.internal'] });
    try {
      const r = await raw(`${t.baseUrl}/__mock/corps`, 'POST', { 'content-type': 'application/json', origin: 'http://console.example:3000', host: 'mock.internal:1234' }, '{"scenario":"empty"}');
      expect(r.status).toBe(201);
      const other = await raw(`${t.baseUrl}/__mock/corps`, 'POST', { 'content-type': 'application/json', origin: 'http://console.example:3001' }, '{"scenario":"empty"}');
      expect(other.status).toBe(403);
    } finally {
      await t.close();
    }
  });
});
