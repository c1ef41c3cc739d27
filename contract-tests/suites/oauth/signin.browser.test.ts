/**
 * Sign-in in a real browser: Playwright drives Debian's Chromium through a small relying party on
 * 127.0.0.1 — it starts each flow (in-client authorization, QR login, web login), a member is picked by a
 * click, the redirect arrives at the relying party, which exchanges the code server-side.
 * Skipped (with the reason in its title) when /usr/bin/chromium is absent; CI installs it (.ci/run).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { browserSuiteTitle, hasChromium, launchChromium } from '../../harness/browser.js';
import { call, getToken } from '../../harness/client.js';
import { logins, pageUrl, setApp, type PagePath } from './flow.js';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

const target = await suiteTarget();
const base = target.baseUrl;

const title = browserSuiteTitle('sign-in in Chromium');

interface Arrival {
  code: string | null;
  state: string | null;
  userid: unknown;
}

describe.skipIf(!hasChromium || !target.isMock)(title, () => {
  let browser: Browser;
  let rp: Server;
  let rpOrigin: string;
  let corp: TestCorp;
  let token: string;
  const arrivals: Arrival[] = [];

  const flows: Record<string, { path: PagePath; params: () => Record<string, string | number> }> = {
    oauth: {
      path: '/connect/oauth2/authorize',
      params: () => ({ appid: corp.corpid, redirect_uri: `${rpOrigin}/callback`, response_type: 'code', scope: 'snsapi_base', agentid: corp.agentid }),
    },
    qr: { path: '/wwopen/sso/qrConnect', params: () => ({ appid: corp.corpid, agentid: corp.agentid, redirect_uri: `${rpOrigin}/callback` }) },
    web: {
      path: '/wwlogin/sso/login',
      params: () => ({ login_type: 'CorpApp', appid: corp.corpid, agentid: corp.agentid, redirect_uri: `${rpOrigin}/callback` }),
    },
  };

  beforeAll(async () => {
    corp = await target.newCorp();
    token = await getToken(base, corp.corpid, corp.appSecret);
    // The relying party: /start/<flow> sends the browser to the mock's page; /callback exchanges the code.
    rp = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const flow = flows[u.pathname.replace('/start/', '')];
      if (u.pathname.startsWith('/start/') && flow) {
        const state = u.searchParams.get('state') ?? 'st1';
        res.writeHead(302, { Location: pageUrl(base, flow.path, { ...flow.params(), state }) }).end();
        return;
      }
      if (u.pathname === '/callback') {
        const code = u.searchParams.get('code');
        const state = u.searchParams.get('state');
        const exchange = code ? call(base, 'auth_getuserinfo', { token, query: { code } }) : Promise.resolve(undefined);
        void exchange.then((r) => {
          const userid = r?.json?.['userid'];
          arrivals.push({ code, state, userid });
          const body = `<!doctype html><title>rp</title><h1 id="who">${code ? `signed in: ${String(userid)}` : 'refused'}</h1><p id="state">${state ?? ''}</p>`;
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
        });
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
    rpOrigin = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
    await setApp(target, corp.corpid, corp.agentid, { trusted_domain: rpOrigin.replace('http://', '') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (rp ? rp.close(resolve) : resolve(undefined)));
  });

  async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      return await fn(page);
    } finally {
      await context.close();
    }
  }

  for (const flow of ['oauth', 'qr', 'web'] as const) {
    it(`When a member is clicked on the ${flow} page, then the relying party gets a code that exchanges for that member`, async () => {
      await withPage(async (page) => {
        const state = `st${flow}`;
        await page.goto(`${rpOrigin}/start/${flow}?state=${state}`);
        const first = page.locator('button[data-userid]').first();
        await first.waitFor();
        if (flow === 'oauth') {
          mkdirSync(ARTIFACTS, { recursive: true });
          await page.screenshot({ path: `${ARTIFACTS}oauth-picker.png`, fullPage: true });
        }
        const userid = await first.getAttribute('data-userid');
        expect(userid).toBeTruthy();
        await first.click();
        await page.waitForURL(`${rpOrigin}/callback?**`);
        await expect.poll(() => page.locator('#who').textContent()).toBe(`signed in: ${userid}`);
        const arrival = arrivals.at(-1)!;
        expect(arrival).toMatchObject({ state, userid });
        expect(arrival.code).toMatch(/^[A-Za-z0-9]+$/);
        const journal = await logins(target, corp.corpid);
        expect(journal.at(-1)).toMatchObject({ code: arrival.code, userid, via: 'picker', exchanged: true });
      });
    });
  }

  it('When the person clicks refuse, then the relying party gets the state and no code', async () => {
    await withPage(async (page) => {
      await page.goto(`${rpOrigin}/start/qr?state=nope1`);
      await page.locator('#refuse').click();
      await page.waitForURL(`${rpOrigin}/callback?**`);
      expect(await page.locator('#who').textContent()).toBe('refused');
      expect(new URL(page.url()).search).toBe('?state=nope1');
    });
  });

  it('When the member is searched for, then the picker shows them and the click signs them in', async () => {
    await withPage(async (page) => {
      const wanted = corp.raw!.sample_userids!.at(-1)!;
      await page.goto(`${rpOrigin}/start/oauth?state=srch`);
      await page.getByLabel('search').fill(wanted);
      await page.getByRole('button', { name: /搜索/ }).click();
      await page.locator(`button[data-userid="${wanted}"]`).click();
      await page.waitForURL(`${rpOrigin}/callback?**`);
      expect(await page.locator('#who').textContent()).toBe(`signed in: ${wanted}`);
    });
  });

  it('When the redirect is on another domain, then the browser shows WeCom\'s error page and stays on the mock', async () => {
    await withPage(async (page) => {
      const other = rpOrigin.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) === 65535 ? 1 : Number(p) + 1}`);
      await page.goto(pageUrl(base, '/connect/oauth2/authorize', { ...flows.oauth!.params(), redirect_uri: `${other}/callback`, state: 'x' }));
      expect(await page.locator('h1').textContent()).toBe('redirect_uri参数错误');
      expect(page.url().startsWith(base)).toBe(true);
    });
  });

  it('When the query carries a script, then the page shows it as text and nothing runs', async () => {
    await withPage(async (page) => {
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
      await page.goto(pageUrl(base, '/connect/oauth2/authorize', { ...flows.oauth!.params(), state: payload }));
      expect(await page.locator('h1').textContent()).toBe('参数错误');
      expect(await page.locator('#received').textContent()).toContain(payload);
      await page.goto(pageUrl(base, '/connect/oauth2/authorize', { ...flows.oauth!.params(), mock_search: payload }));
      expect(await page.getByLabel('search').inputValue()).toBe(payload);
      expect(dialogs).toEqual([]);
    });
  });
});
