/**
 * The third-party install page in a real browser: Playwright drives Debian's Chromium from a provider's
 * install link to the consent form, then to the provider's redirect_uri, whose auth_code is exchanged
 * for the permanent code (doc path/90600, 91200). Skipped (with the reason in its title) without /usr/bin/chromium.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { suiteTarget } from '../../harness/suite.js';
import { browserSuiteTitle, hasChromium, launchChromium } from '../../harness/browser.js';
import { call } from '../../harness/client.js';


const target = await suiteTarget();
const base = target.baseUrl;
const title = browserSuiteTitle('third-party install in Chromium');

describe.skipIf(!hasChromium || !target.isMock)(title, () => {
  let browser: Browser;
  let rp: Server;
  let rpOrigin: string;
  const arrivals: URL[] = [];

  beforeAll(async () => {
    rp = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (u.pathname === '/installed') arrivals.push(u);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>rp</title><h1 id="done">installed</h1>`);
    });
    await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
    rpOrigin = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (rp ? rp.close(resolve) : resolve(undefined)));
  });

  it('When an admin fills in the corp and consents to "only me", then the provider gets an auth_code for a permanent code with that range', async () => {
    const p = await target.admin<{ corpid: string }>('POST', '/__mock/providers', {});
    const s = await target.admin<{ suite_id: string; suite_secret: string }>('POST', `/__mock/providers/${p.json.corpid}/suites`, { redirect_domain: rpOrigin.replace('http://', '') });
    const suite = await target.admin<{ tickets: Array<{ ticket: string }> }>('GET', `/__mock/suites/${s.json.suite_id}`);
    const st = await call(base, 'service_get_suite_token', { body: { suite_id: s.json.suite_id, suite_secret: s.json.suite_secret, suite_ticket: suite.json.tickets[0]!.ticket } });
    const token = st.json!['suite_access_token'] as string;
    const pre = await call(base, 'service_get_pre_auth_code', { token });
    const corp = await target.newCorp();
    const admin = corp.raw!.sample_userids![0]!;
    const link = `${base}/3rdapp/install?suite_id=${s.json.suite_id}&pre_auth_code=${encodeURIComponent(pre.json!['pre_auth_code'] as string)}&redirect_uri=${encodeURIComponent(`${rpOrigin}/installed`)}&state=st42`;

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(link);
      await page.locator('#corpid').fill(corp.corpid);
      await page.locator('#userid').fill(admin);
      await page.locator('#scope-self').check();
      await page.locator('#consent').click();
      await page.locator('#done').waitFor();
    } finally {
      await context.close();
    }
    const arrived = arrivals.at(-1)!;
    expect(arrived.pathname).toBe('/installed');
    expect(arrived.searchParams.get('state')).toBe('st42');
    const perm = await call(base, 'service_get_permanent_code', { token, body: { auth_code: arrived.searchParams.get('auth_code')! } });
    expect(perm.errcode, JSON.stringify(perm.json)).toBe(0);
    const agent = (perm.json!['auth_info'] as { agent: Array<{ privilege: { allow_user: string[]; allow_party: number[] } }> }).agent[0]!;
    expect(agent.privilege).toMatchObject({ allow_user: [admin], allow_party: [] });
  });
});
