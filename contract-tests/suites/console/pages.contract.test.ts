/** The console's and the docs page's files as the mock serves them: headers, types, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';

const target = await suiteTarget();
const url = target.baseUrl;

describe.skipIf(!target.isMock)('console and docs pages', () => {
  it('When the console is loaded, then its HTML allows only its own scripts and requests to the mock', async () => {
    const res = await fetch(`${url}/__mock/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toContain('<script type="module" src="/__mock/console/console.js">');
  });

  it('When its files are asked for, then they come with their types; an unknown or odd name is a bare 404', async () => {
    const js = await fetch(`${url}/__mock/console/kit.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain('export async function api(');
    const css = await fetch(`${url}/__mock/console/console.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const path of ['/__mock/console/nope.js', '/__mock/console/pages.ts', '/__mock/console/..%2Fpages.ts', '/__mock/console/redoc.standalone.js']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toBe('');
    }
  });

  it('When the docs page is loaded, then Redoc\u2019s bundle comes from the installed package', async () => {
    const page = await fetch(`${url}/__mock/docs`);
    expect(page.headers.get('content-security-policy')).toContain('worker-src blob:');
    expect(await page.text()).toContain('/__mock/docs/redoc.standalone.js');
    const redoc = await fetch(`${url}/__mock/docs/redoc.standalone.js`);
    expect(redoc.status).toBe(200);
    expect(Number(redoc.headers.get('content-length'))).toBeGreaterThan(500_000);
    expect((await fetch(`${url}/__mock/docs/docs.js`)).status).toBe(200);
  });
});
