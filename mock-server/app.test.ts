/** The pipeline's last line of defence: a handler that throws never yields a 5xx or takes the server down. */
import { afterAll, describe, expect, it } from 'vitest';
import { startMockServer } from './index.js';
import { ERRCODES } from '../spec/generated/errcodes.js';

const mock = await startMockServer({
  log: () => {},
  routeOverrides: {
    getcallbackip: () => {
      throw new TypeError('a bug in a handler');
    },
  },
});
afterAll(() => mock.close());

describe('unexpected handler errors', () => {
  it('When a handler throws, then HTTP 200 with -1 from the catalogue, and the next request is served', async () => {
    const { corpid, apps } = mock.corp;
    const tok = (await (await fetch(`${mock.url}/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${apps[0]!.secret}`)).json()) as { access_token: string };
    const r = await fetch(`${mock.url}/cgi-bin/getcallbackip?access_token=${tok.access_token}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { errcode: number; errmsg: string };
    expect(body.errcode).toBe(ERRCODES.SYSTEM_BUSY);
    expect(body.errmsg).toBe('system busy');
    expect(r.headers.get('error-code')).toBe('-1');
    const again = (await (await fetch(`${mock.url}/cgi-bin/get_api_domain_ip?access_token=${tok.access_token}`)).json()) as { errcode: number };
    expect(again.errcode).toBe(0);
  });
});
