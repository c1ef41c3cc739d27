/**
 * The web console (/__mock/console) and the API docs page (/__mock/docs) in a real browser: Playwright drives
 * Debian's Chromium through every console page as a person would (create a corp, send a message through the
 * API and find it in the journal and the member's inbox, edit a member and find the event in the outbox,
 * replay it, add and remove a fault, advance the clock, simulate a customer, generate archive records) and
 * runs a "try it" call and an errcode search on the docs page. Screenshots go to test-artifacts/console/.
 * Skipped (with the reason in its title) when /usr/bin/chromium is absent; CI installs it (.ci/run).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startInProcessTarget, type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { browserSuiteTitle, hasChromium, launchChromium } from '../../harness/browser.js';
import { call, getToken } from '../../harness/client.js';
import { appReceiver } from '../callbacks/helpers.js';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/console/', import.meta.url));

const target = await suiteTarget();
const base = target.baseUrl;
/** Waits for a page to show something; generous, as the browser shares two cores with the rest of the suite. */
const poll = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: 20_000, interval: 100 });
/** An active member inside the corp's first app's visible range. */
const memberOf = (corp: TestCorp): string => (corp.raw?.sample_userids as string[])[0]!;

const title = browserSuiteTitle('the console and the docs page in Chromium');

describe.skipIf(!hasChromium || !target.isMock)(title, { timeout: 120_000 }, () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh page; every script error of the page fails the test. */
  async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      const out = await fn(page);
      expect(errors).toEqual([]);
      return out;
    } finally {
      await context.close();
    }
  }

  /** Opens a console page with `corp` selected (the console's `?corpid=` link). */
  async function open(page: Page, corpid: string, hash: string): Promise<void> {
    await page.goto(`${base}/__mock/console?corpid=${corpid}${hash}`);
    await poll(() => page.locator('#corp-select').inputValue()).toBe(corpid);
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png` });

  it('When a person creates, copies, resets and deletes a corp on the corps page, then the control plane has done each', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/__mock/console`);
      await page.locator('#create-corp input[name=corp_name]').fill('控制台测试企业');
      await page.locator('#create-corp input[name=seed]').fill('77');
      await page.locator('#create-corp button[type=submit]').click();
      await poll(() => page.locator('#status').textContent()).toBe('corp created');
      const row = page.locator('#corps tbody tr', { hasText: '控制台测试企业' });
      const corpid = (await row.getAttribute('data-corpid'))!;
      // The new corp is the one the pages now show.
      await poll(() => page.locator('#corp-select').inputValue()).toBe(corpid);
      const created = await target.admin<{ corp_name: string; seed: number }>('GET', `/__mock/corps/${corpid}`);
      expect(created.json).toMatchObject({ corp_name: '控制台测试企业', seed: 77 });

      await row.locator('[data-action=copy]').click();
      const shown = JSON.parse((await page.locator('#credentials-json').textContent()) ?? '{}') as { corpid?: string; apps?: { secret: string }[] };
      expect(shown.corpid).toBe(corpid);
      // The credentials shown are the real ones: gettoken accepts the app secret.
      expect(await getToken(base, corpid, shown.apps![0]!.secret)).toMatch(/\S{20,}/);
      await shot(page, 'corps');

      await row.locator('[data-action=reset]').click();
      await poll(() => page.locator('#status').textContent()).toBe(`${corpid} reset`);
      await page.locator(`#corps tr[data-corpid="${corpid}"] [data-action=delete]`).click();
      await poll(() => page.locator(`#corps tr[data-corpid="${corpid}"]`).count()).toBe(0);
      expect((await target.admin('GET', `/__mock/corps/${corpid}`)).status).toBe(404);
    });
  });

  it('When a message is sent through the API, then the journal shows the request and the redacted answer side by side, and the member\u2019s inbox has it', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const sent = await call(base, 'message_send', { token, body: { touser: memberOf(corp), msgtype: 'text', agentid: corp.agentid, text: { content: '控制台你好' } } });
    expect(sent.json!.errcode).toBe(0);
    const missing = await call(base, 'user_get', { token, query: { userid: 'nobody-here' } });
    expect(missing.json!.errcode).not.toBe(0);

    await withPage(async (page) => {
      await open(page, corp.corpid, '#/journal');
      const row = page.locator('#journal tr[data-operation=message_send]');
      await row.first().waitFor();
      await row.first().click();
      const request = (await page.locator('#journal-request').textContent()) ?? '';
      const answer = JSON.parse((await page.locator('#journal-answer').textContent()) ?? '{}') as { msgid?: string; errcode?: number };
      expect(request).toContain('控制台你好');
      expect(answer).toMatchObject({ errcode: 0, msgid: sent.json!.msgid });
      // The token shows as its first characters only, nowhere whole.
      expect(request).toContain(`${token.slice(0, 4)}***`);
      expect(await page.content()).not.toContain(token);
      await shot(page, 'journal');

      // Filter by errcode: only the failed call remains.
      await page.locator('#journal-filters input[name=errcode]').fill(String(missing.json!.errcode));
      await page.locator('#journal-filters button[type=submit]').click();
      await poll(() => page.locator('#journal tbody tr').count()).toBe(1);
      expect(await page.locator('#journal tbody tr').first().getAttribute('data-operation')).toBe('user_get');

      // Live: a request made now shows up without reloading.
      await page.locator('#journal-filters input[name=errcode]').fill('');
      await page.locator('#journal-filters button[type=submit]').click();
      await call(base, 'agent_get', { token, query: { agentid: corp.agentid } });
      await page.locator('#journal tr[data-operation=agent_get]').waitFor();

      await page.goto(`${base}/__mock/console#/inbox?userid=${encodeURIComponent(memberOf(corp))}`);
      const msg = page.locator(`#inbox tr[data-msgid="${sent.json!.msgid}"]`);
      await msg.waitFor();
      expect(await msg.textContent()).toContain('控制台你好');
      expect(await msg.getAttribute('data-delivered')).toBe('true');
      await shot(page, 'inbox');
    });
  });

  it('When a member is edited on the directory page, then the API sees the change, the event is in the outbox, and a replay delivers it again', async () => {
    const corp = await target.newCorp();
    const rx = await appReceiver(target, corp);
    try {
      await withPage(async (page) => {
        await open(page, corp.corpid, '#/directory?department=0');
        const row = page.locator(`#member-table tr[data-userid="${memberOf(corp)}"]`);
        await row.locator('[data-action=edit]').click();
        await page.locator('#edit-member input[name=position]').fill('控制台编辑');
        await page.locator('#edit-member button[type=submit]').click();
        const event = JSON.parse((await page.locator('#member-event').textContent()) ?? '{}') as Record<string, unknown>;
        expect(event).toMatchObject({ Event: 'change_contact', ChangeType: 'update_user', UserID: memberOf(corp), Position: '控制台编辑' });
        await shot(page, 'directory');

        const token = await getToken(base, corp.corpid, corp.appSecret);
        const got = await call(base, 'user_get', { token, query: { userid: memberOf(corp) } });
        expect(got.json!.position).toBe('控制台编辑');

        await poll(() => rx.receiver.plaintexts().length).toBe(1);
        await page.goto(`${base}/__mock/console#/callbacks`);
        const entry = page.locator('#callbacks tr[data-event="change_contact/update_user"]');
        await entry.first().click();
        const plaintext = (await page.locator('#callback-plaintext').textContent()) ?? '';
        expect(plaintext).toContain('<ChangeType><![CDATA[update_user]]></ChangeType>');
        expect(plaintext).toContain('控制台编辑');
        await poll(() => page.locator('#callback-attempts tbody tr').count()).toBeGreaterThan(0);
        await shot(page, 'callbacks');
        await page.locator('[data-action=replay]').click();
        await poll(() => page.locator('#callbacks tr[data-event="change_contact/update_user"]').count()).toBe(2);
        await poll(() => rx.receiver.plaintexts().length).toBe(2);
        expect(rx.receiver.plaintexts()[1]).toBe(plaintext);
      });
    } finally {
      await rx.receiver.close();
    }
  });

  it('When a fault is added and removed and the clock advanced on their pages, then the API answers accordingly', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    await withPage(async (page) => {
      await open(page, corp.corpid, '#/faults');
      await page.locator('#add-fault input[name=operation]').fill('user_get');
      await page.locator('#add-fault input[name=errcode]').fill('45009');
      await page.locator('#add-fault button[type=submit]').click();
      await page.locator('#faults tbody tr').first().waitFor();
      const q = { token, query: { userid: memberOf(corp) } };
      expect((await call(base, 'user_get', q)).json!.errcode).toBe(45009);
      await shot(page, 'faults');
      await page.locator('#faults [data-action=remove]').first().click();
      await page.locator('#no-faults').waitFor();
      expect((await call(base, 'user_get', q)).json!.errcode).toBe(0);

      await page.goto(`${base}/__mock/console#/clock`);
      await page.locator('form[data-clock="' + corp.corpid + '"] input[name=seconds]').fill('7300');
      await page.locator('form[data-clock="' + corp.corpid + '"] button[type=submit]').click();
      await poll(() => page.locator('#clock-corp .offset').textContent()).toBe('7300 s');
      await shot(page, 'clock');
      // The token outlived its 7,200 s.
      expect((await call(base, 'user_get', q)).json!.errcode).toBe(42001);
    });
  });

  it('When a customer add is simulated and archive records generated on their pages, then both pages list them', async () => {
    const corp = await target.newCorp();
    await withPage(async (page) => {
      await open(page, corp.corpid, '#/customers');
      await page.locator('#simulate-add input[name=name]').fill('控制台客户');
      await page.locator('#simulate-add input[name=userid]').fill(memberOf(corp));
      await page.locator('#simulate-add button[type=submit]').click();
      const row = page.locator('#customers tr[data-name="控制台客户"]');
      await row.waitFor();
      expect(await row.textContent()).toContain(memberOf(corp));
      await shot(page, 'customers');

      await page.goto(`${base}/__mock/console#/archive`);
      const before = await page.locator('#archive-records tbody tr').count();
      await page.locator('[data-action=generate]').click();
      await poll(() => page.locator('#status').textContent()).toBe('20 records generated');
      await poll(() => page.locator('#archive-records tbody tr').count()).toBeGreaterThanOrEqual(Math.min(50, before + 20));
      await shot(page, 'archive');
    });
  });

  it('When the docs page loads, then Redoc renders the spec, "try it" calls this mock, and the errcode catalogue is searchable', async () => {
    const corp: TestCorp = await target.newCorp();
    await withPage(async (page) => {
      await page.goto(`${base}/__mock/docs#reference?tag=tokens`);
      await page.locator('#redoc-container .api-content').waitFor({ timeout: 60_000 });
      await poll(() => page.locator('#redoc-container').textContent()).toContain('/cgi-bin/gettoken');
      await shot(page, 'docs');

      await page.goto(`${base}/__mock/docs#try?op=gettoken`);
      await page.locator('#p-corpid').fill(corp.corpid);
      await page.locator('#p-corpsecret').fill(corp.appSecret);
      await page.locator('#try-send').click();
      await poll(() => page.locator('#try-status').textContent()).toBe('HTTP 200');
      const result = JSON.parse((await page.locator('#try-result').textContent()) ?? '{}') as { errcode?: number; access_token?: string };
      expect(result.errcode).toBe(0);
      // The token the page got works against the same mock.
      expect((await call(base, 'agent_get', { token: result.access_token!, query: { agentid: corp.agentid } })).json!.errcode).toBe(0);
      await shot(page, 'try-it');

      await page.goto(`${base}/__mock/docs#errcodes`);
      await page.locator('#errcode-table tbody tr').first().waitFor();
      const all = Number(/\d+/.exec((await page.locator('#errcode-results p').textContent()) ?? '')?.[0]);
      expect(all).toBeGreaterThan(1000);
      await page.locator('#errcode-search').fill('USERID_NOT_FOUND');
      await poll(() => page.locator('#errcode-table tbody tr').count()).toBeLessThan(10);
      await page.locator('#errcode-table tr[data-errcode="60111"]').waitFor();
      const rows = await page.locator('#errcode-table tbody tr').allTextContents();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThan(10);
      for (const r of rows) expect(r).toContain('USERID_NOT_FOUND');
      await shot(page, 'errcodes');
    });
  });

  it('When the mock requires an admin token, then the console asks for it and works with the one from the banner link', async () => {
    const guarded = await startInProcessTarget({ adminToken: 'console-test-token' });
    try {
      await withPage(async (page) => {
        await page.goto(`${guarded.baseUrl}/__mock/console`);
        await page.getByText('Admin token required').waitFor();
        // The banner's link carries the token in the fragment; the page keeps it and drops it from the URL.
        await page.goto(`${guarded.baseUrl}/__mock/console#token=console-test-token`);
        await page.locator('#corps').waitFor();
        expect(page.url()).not.toContain('console-test-token');
        // The token now rides on the console's requests: creating a corp works.
        await page.locator('#create-corp button[type=submit]').click();
        await page.locator('#corps tbody tr').first().waitFor();
        const listed = await fetch(`${guarded.baseUrl}/__mock/corps`, { headers: { 'X-WeCom-Mock-Admin-Token': 'console-test-token' } });
        expect(((await listed.json()) as { corps: unknown[] }).corps.length).toBeGreaterThan(0);
      });
    } finally {
      await guarded.close();
    }
  });
});
