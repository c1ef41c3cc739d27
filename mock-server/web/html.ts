/**
 * Plain server-rendered HTML for the pages a person sees: escaping, the shared layout and a strict
 * Content-Security-Policy (no script at all; the one inline style allowed by its hash).
 */
import { createHash } from 'node:crypto';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

const CSS = `
body{font:14px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f2f4f7;color:#1f2329}
main{max-width:760px;margin:32px auto;background:#fff;border-radius:8px;padding:24px 32px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 8px}
h1.error{color:#d5403b}
.sub{color:#646a73;margin:0 0 16px}
.note{background:#f7f8fa;border-radius:6px;padding:12px 16px;margin:12px 0}
table{border-collapse:collapse;width:100%;margin:12px 0}
th,td{text-align:left;padding:8px;border-bottom:1px solid #eef0f3;vertical-align:middle}
th{color:#646a73;font-weight:normal}
button{cursor:pointer;border:1px solid #0b6cff;background:#0b6cff;color:#fff;border-radius:4px;padding:4px 12px;font:inherit}
button.secondary{background:#fff;color:#1f2329;border-color:#d0d3d6}
input[type=search]{padding:4px 8px;border:1px solid #d0d3d6;border-radius:4px;font:inherit;width:260px}
nav{display:flex;gap:12px;align-items:center;margin:8px 0}
code{background:#f2f3f5;border-radius:3px;padding:0 4px;word-break:break-all}
footer{color:#8f959e;font-size:12px;margin-top:24px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}
dt{color:#646a73}
dd{margin:0;word-break:break-all}
`.trim();

const CSS_HASH = createHash('sha256').update(CSS, 'utf8').digest('base64');

/** The page's Content-Security-Policy; `formTargets` are origins a form may be redirected to. */
export function contentSecurityPolicy(formTargets: readonly string[] = []): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${CSS_HASH}'`,
    "img-src 'self' data:",
    // A form post is answered with a 302 to the relying party: form-action must allow its origin.
    `form-action 'self'${formTargets.map((o) => ` ${o}`).join('')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * The HTML document around every page the mock serves (server-rendered and the console's shells): the
 * language, the escaped title, then trusted `head` and `body` HTML.
 */
export function htmlDocument(page: { lang: string; title: string; head: string; body: string }): string {
  return `<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(page.title)}</title>
${page.head}
</head>
<body>${page.body}</body>
</html>
`;
}

/** A complete page around trusted `body` HTML (callers escape every value they put in it). */
export function layout(title: string, body: string): string {
  return htmlDocument({
    lang: 'zh-CN',
    title,
    head: `<style>${CSS}</style>`,
    body: `
<main>
${body}
<footer>wecom-mock — 企业微信模拟服务 / a WeCom mock. 这不是真正的企业微信页面 / This is not a real WeCom page.</footer>
</main>
`,
  });
}
