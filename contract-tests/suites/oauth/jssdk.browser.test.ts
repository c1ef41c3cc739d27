/**
 * The JS-SDK stand-in in a real browser: Playwright drives Debian's Chromium to the example customer sidebar
 * (examples/jssdk/), whose backend signs with the mock's tickets and whose page loads the SDK script from the
 * mock. The page shows what wx.config / wx.agentConfig / getCurExternalContact / sendChatMessage answered.
 * Skipped (with the reason in its title) when /usr/bin/chromium is absent; CI installs it (.ci/run).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { browserSuiteTitle, hasChromium, launchChromium } from '../../harness/browser.js';
import { call, getToken } from '../../harness/client.js';
import { setApp } from './flow.js';
import { startSidebar } from '../../../examples/jssdk/sidebar.mjs';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

const target = await suiteTarget();
const base = target.baseUrl;

const title = browserSuiteTitle('JS-SDK stand-in in Chromium');
const UA = (client: string) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 ${client}`;

describe.skipIf(!hasChromium || !target.isMock)(title, () => {
  let browser: Browser;
  let corp: TestCorp;
  let sidebar: { url: string; close: () => Promise<void> };
  let customer: string;

  beforeAll(async () => {
    corp = await target.newCorp();
    sidebar = await startSidebar({ mock: base, corpid: corp.corpid, secret: corp.appSecret, agentid: corp.agentid });
    await setApp(target, corp.corpid, corp.agentid, { trusted_domain: sidebar.url.replace('http://', '') });
    // The member has a customer open in a single chat; the app may use customer contact.
    const cc = await getToken(base, corp.corpid, corp.raw!.secrets.customer_contact!);
    const followers = (await call(base, 'externalcontact_get_follow_user_list', { token: cc })).json?.follow_user ?? [];
    let follower = '';
    for (const u of followers) {
      const list = (await call(base, 'externalcontact_list', { token: cc, query: { userid: u } })).json?.external_userid ?? [];
      if (list[0]) [follower, customer] = [u, list[0]];
      if (customer) break;
    }
    expect((await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: corp.corpid, callable_agentids: [corp.agentid] })).status).toBe(200);
    const ctx = await target.admin('POST', '/__mock/jssdk/context', { corpid: corp.corpid, userid: follower, entry: 'single_chat_tools', external_userid: customer });
    expect(ctx.status).toBe(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sidebar?.close();
  });

  async function withPage<T>(userAgent: string, fn: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ userAgent });
    const page = await context.newPage();
    try {
      return await fn(page);
    } finally {
      await context.close();
    }
  }
  const text = (page: Page, id: string) => page.locator(`#${id}`).textContent();

  for (const sdk of ['wx', 'ww'] as const) {
    it(`When the sidebar (${sdk}) opens in WeCom 4.1 on a customer chat, then config and agentConfig pass, the customer shows and a message is sent`, async () => {
      await withPage(UA('wxwork/4.1.0 MicroMessenger/7.0.1'), async (page) => {
        await page.goto(`${sidebar.url}/?sdk=${sdk}`);
        await expect.poll(() => text(page, 'customer'), { timeout: 10_000 }).toBe(`getCurExternalContact:ok ${customer}`);
        expect(await text(page, 'config')).toBe('config:ok');
        expect(await text(page, 'agentConfig')).toBe('agentConfig:ok');
        await page.locator('#sendBtn:not([disabled])').click();
        await expect.poll(() => text(page, 'send')).toBe('sendChatMessage:ok');
        if (sdk === 'wx') {
          mkdirSync(ARTIFACTS, { recursive: true });
          await page.screenshot({ path: `${ARTIFACTS}jssdk-sidebar.png`, fullPage: true });
        }
      });
      const view = await target.admin<{ sent: Array<{ to: string; message: { content: string } }> }>('GET', `/__mock/jssdk/context?corpid=${corp.corpid}`);
      expect(view.json.sent.at(-1)).toMatchObject({ to: customer, message: { content: '您好，我是您的专属顾问' } });
    });
  }

  it('When the same page opens in WeChat, then config passes but agentConfig fails with function not exist', async () => {
    await withPage(UA('MicroMessenger/8.0.40 NetType/WIFI'), async (page) => {
      await page.goto(`${sidebar.url}/?sdk=wx`);
      await expect.poll(() => text(page, 'agentConfig'), { timeout: 10_000 }).toBe('agentConfig:fail function not exist');
      expect(await text(page, 'config')).toBe('config:ok');
    });
  });
});
