import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, callUrl, code, getToken, urlOf } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

const HINT = /^(.+), hint: \[\d{25}\], from ip: [0-9a-f.:]+, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=(-?\d+)$/;

async function token(): Promise<string> {
  const corp = await target.newCorp();
  return getToken(base, corp.corpid, corp.appSecret);
}

/** POSTs raw bytes to user/list_id with node:http (fetch would not let us lie about lengths or send odd bodies). */
function raw(token: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(urlOf(base, 'user_list_id', { access_token: token }), { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the envelope', () => {
  it('When a call succeeds, then HTTP 200, JSON with errcode 0 first, and Error-Code/Error-Msg headers', async () => {
    const r = await call(base, 'getcallbackip', { token: await token() });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(r.headers.get('error-code')).toBe('0');
    expect(r.headers.get('error-msg')).toBe('ok');
    expect(r.text.startsWith('{"errcode":0,"errmsg":"ok"')).toBe(true);
  });

  it('When a call fails, then HTTP 200, the errmsg carries WeCom\'s hint suffix with the code, and the headers mirror the body', async () => {
    const r = await call(base, 'user_get', { token: 'bad' });
    expect(r.status).toBe(200);
    expect(r.errcode).toBe(code('INVALID_ACCESS_TOKEN'));
    const m = HINT.exec(r.errmsg ?? '');
    expect(m?.[1]).toBe('invalid access_token');
    expect(Number(m?.[2])).toBe(r.errcode);
    expect(r.headers.get('error-code')).toBe(String(r.errcode));
    expect(r.headers.get('error-msg')).toBe(r.errmsg);
  });

  it('When user/get fails, then the body keeps its empty list fields', async () => {
    const r = await call(base, 'user_get', { token: 'bad', query: { userid: 'x' } });
    expect(r.json).toMatchObject({ department: [], order: [], is_leader_in_dept: [], direct_leader: [] });
  });

  it('When department/simplelist fails, then department_id is an empty list', async () => {
    const r = await call(base, 'department_simplelist');
    expect(r.errcode).toBe(code('ACCESS_TOKEN_MISSING'));
    expect(r.json?.['department_id']).toEqual([]);
  });

  it('When the path is unknown, then HTTP 404 with an empty body', async () => {
    // About URLs themselves: paths that are no operation of the spec.
    for (const path of ['/cgi-bin/no/such/api', '/', '/favicon.ico', '/cgi-bin/gettoken/extra']) {
      const r = await callUrl(base, path);
      expect(r.status).toBe(404);
      expect(r.text).toBe('');
    }
  });
});

describe('bad input never yields a 5xx', () => {
  it('When the JSON body is broken, then 47001', async () => {
    const t = await token();
    for (const body of ['{"limit":', '{limit: 1}', 'null', '[1,2]', '"text"', '\u0000\u0001']) {
      const r = await raw(t, body, { 'content-type': 'application/json' });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text).errcode).toBe(code('DATA_FORMAT_ERROR'));
    }
  });

  it('When the body is form-encoded or multipart instead of JSON, then 47001', async () => {
    const t = await token();
    const form = await raw(t, 'limit=10', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(JSON.parse(form.text).errcode).toBe(code('DATA_FORMAT_ERROR'));
    const multipart = await raw(
      t,
      '--b\r\nContent-Disposition: form-data; name="limit"\r\n\r\n10\r\n--b--\r\n',
      { 'content-type': 'multipart/form-data; boundary=b' },
    );
    expect(JSON.parse(multipart.text).errcode).toBe(code('DATA_FORMAT_ERROR'));
  });

  it('When a JSON body comes without a content type, then it is accepted (WeCom does not insist)', async () => {
    const t = await token();
    const r = await raw(t, '{"limit":1}');
    expect(JSON.parse(r.text).errcode).toBe(0);
  });

  it('When the body is larger than 2 MiB, then 40206 and the server is still fine', async () => {
    const t = await token();
    const big = `{"cursor":"${'a'.repeat(3 * 1024 * 1024)}"}`;
    const r = await raw(t, big, { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).errcode).toBe(code('REQUEST_BODY_TOO_LARGE'));
    expect((await call(base, 'getcallbackip', { token: t })).errcode).toBe(0);
  });

  it('When a field has the wrong type, then 40058 with WeCom\'s "wrong json format" warning', async () => {
    const t = await token();
    const r = await call(base, 'user_list_id', { unchecked: true, token: t, body: { limit: '10' } });
    expect(r.errcode).toBe(code('INVALID_PARAMETER'));
    expect(r.errmsg).toMatch(/^Warning: wrong json format\. limit must be integer\. invalid Request Parameter/);
  });

  it('When a value is out of range, then 40058 naming the field', async () => {
    const t = await token();
    const r = await call(base, 'user_list_id', { token: t, body: { limit: 10001 } });
    expect(r.errcode).toBe(code('INVALID_PARAMETER'));
    expect(r.errmsg).toMatch(/^limit exceed max value 10000\. invalid Request Parameter/);
  });

  it('When a query parameter is doubled, then 40058 naming it', async () => {
    const t = await token();
    // A raw query string: an object of parameters cannot name one twice.
    const r = await callUrl(base, '/cgi-bin/user/get?userid=a&userid=b', { query: { access_token: t } });
    expect(r.errcode).toBe(code('INVALID_PARAMETER'));
    expect(r.errmsg).toMatch(/^query parameter userid given more than once/);
  });

  it('When access_token is doubled, then it is refused as an invalid token', async () => {
    const t = await token();
    // A raw query string: an object of parameters cannot name one twice.
    const r = await callUrl(base, `/cgi-bin/getcallbackip?access_token=${t}`, { query: { access_token: t } });
    expect(r.errcode).toBe(code('INVALID_ACCESS_TOKEN'));
  });

  it('When a query parameter has the wrong type, then the field\'s own code or 40058', async () => {
    const t = await token();
    expect((await call(base, 'department_list', { unchecked: true, token: t, query: { id: 'abc' } })).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect((await call(base, 'user_get', { token: t, query: { userid: 'bad userid!' } })).errcode).toBe(code('INVALID_USERID'));
  });

  it('When a POST operation is called with GET, then 40058 after the token check', async () => {
    const t = await token();
    const r = await call(base, 'user_list_id', { unchecked: true, method: 'GET', token: t });
    expect(r.errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(base, 'user_list_id', { unchecked: true, method: 'GET', token: 'x' })).errcode).toBe(code('INVALID_ACCESS_TOKEN'));
  });

  it('When a GET operation is called with POST, then it answers as for GET', async () => {
    const t = await token();
    const r = await call(base, 'getcallbackip', { unchecked: true, method: 'POST', token: t, body: '' });
    expect(r.errcode).toBe(0);
  });

  it('When the query has broken escapes or odd keys, then a WeCom errcode, not a 5xx', async () => {
    for (const qs of ['%E0%A4%A', 'access_token=%zz', '__proto__=1&constructor=2', '&&&==&', `userid=${'x'.repeat(10000)}`]) {
      // A raw query string: these cannot be built from parameters.
      const r = await callUrl(base, `/cgi-bin/user/get?${qs}`);
      expect(r.status).toBe(200);
      expect(r.errcode).toEqual(expect.any(Number));
    }
  });
});

describe.skipIf(!target.isMock)('faults', () => {
  it('When a request carries X-WeCom-Mock-Fault, then it gets that errcode with the operation\'s error defaults', async () => {
    const r = await call(base, 'user_get', { token: 'x', headers: { 'x-wecom-mock-fault': 'errcode=-1' } });
    expect(r.errcode).toBe(-1);
    expect(r.json?.['department']).toEqual([]);
  });

  it('When the fault header names an uncatalogued errcode, then 40058 says so', async () => {
    const r = await call(base, 'getcallbackip', { headers: { 'x-wecom-mock-fault': 'errcode=12345' } });
    expect(r.errcode).toBe(code('INVALID_PARAMETER'));
    expect(r.errmsg).toMatch(/not in the catalogue/);
  });

  it('When a fault rule with a count is set for a corp, then exactly that many calls fail', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const rule = await target.admin<{ id: string }>('POST', '/__mock/faults', { corpid: corp.corpid, operation: 'getcallbackip', errcode: 45009, count: 2 });
    expect(rule.status).toBe(201);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call(base, 'getcallbackip', { token: t })).errcode);
    expect(codes).toEqual([45009, 45009, 0]);
  });

  it('When a fault rule drops the connection, then the client sees a network error and the server goes on', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    // A rule may name its operation by path too: this one does.
    await target.admin('POST', '/__mock/faults', { corpid: corp.corpid, operation: '/cgi-bin/getcallbackip', drop: true, count: 1 });
    await expect(call(base, 'getcallbackip', { token: t })).rejects.toThrow();
    expect((await call(base, 'getcallbackip', { token: t })).errcode).toBe(0);
  });

  it('When a fault rule names an uncatalogued errcode or nothing to do, then the control plane refuses it', async () => {
    expect((await target.admin('POST', '/__mock/faults', { errcode: 12345 })).status).toBe(400);
    expect((await target.admin('POST', '/__mock/faults', { operation: 'gettoken' })).status).toBe(400);
    expect((await target.admin('POST', '/__mock/faults', { errcode: -1, operation: 'no_such_op' })).status).toBe(400);
  });
});

describe.skipIf(!target.isMock)('rate limits', () => {
  it('When a corp calls one API more than 10,000 times in a minute, then 45009 for the rest of the minute, other APIs unaffected', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    // Scale the corp's windows down so the test stays small: 10,000/min × 0.001 = 10/min.
    await target.admin('PATCH', `/__mock/corps/${corp.corpid}/settings`, { rate_limit_scale: 0.001 });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await call(base, 'getcallbackip', { token: t })).errcode ?? NaN);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(codes.slice(10)).toEqual([45009, 45009]);
    expect((await call(base, 'get_api_domain_ip', { token: t })).errcode).toBe(0);
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 61 });
    expect((await call(base, 'getcallbackip', { token: t })).errcode).toBe(0);
  });
});
