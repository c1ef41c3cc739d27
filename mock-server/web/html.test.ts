import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, esc, layout } from './html.js';

describe('page HTML', () => {
  it('When text holds markup or quotes, then esc turns every special character into an entity', () => {
    expect(esc(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
  });

  it('When a page is rendered, then the CSP allows exactly its inline style (by hash) and no script', () => {
    const html = layout('t', '<p>x</p>');
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    const csp = contentSecurityPolicy(['http://127.0.0.1:5555']);
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:5555");
    expect(csp).not.toMatch(/script-src|unsafe/);
  });

  it('When the title carries markup, then the layout escapes it', () => {
    expect(layout('<script>', '')).toContain('<title>&lt;script&gt;</title>');
  });
});
