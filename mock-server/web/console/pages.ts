/**
 * The web console (`/__mock/console`) and the API docs page (`/__mock/docs`): static HTML shells whose
 * scripts drive the documented control plane from the browser. The files are plain browser modules
 * (web/console/assets, copied to dist/console by `npm run build`), so nothing is built at run time; Redoc's
 * standalone bundle is served from the installed `redoc` package (no CDN).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { PageHandler } from '../../core/tenancy/manifest.js';
import { packageDir } from '../../version.js';
import { htmlDocument } from '../html.js';
import { sendHtml } from '../kit.js';

/** Pages that only fetch from the mock itself: scripts and styles from 'self', requests to 'self'. */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Redoc injects its styles at run time (styled-components) and searches in a worker made from a blob. */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  'worker-src blob:',
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** The assets folder: the sources in a checkout, dist/console in an installed package. */
function assetsDir(): string {
  const root = packageDir();
  const source = join(root, 'mock-server', 'web', 'console', 'assets');
  return existsSync(source) ? source : join(root, 'dist', 'console');
}

function shell(title: string, script: string, extraHead = ''): string {
  return htmlDocument({
    lang: 'en',
    title,
    head: `<link rel="stylesheet" href="/__mock/console/console.css">\n${extraHead}<script type="module" src="${script}"></script>`,
    body: '<noscript>This page needs JavaScript.</noscript><div id="app"></div>',
  });
}

const CONSOLE_HTML = shell('wecom-mock console', '/__mock/console/console.js');
const DOCS_HTML = shell('wecom-mock API docs', '/__mock/docs/docs.js', '<script src="/__mock/docs/redoc.standalone.js" defer></script>\n');

/** Files read once per process (they do not change while it runs). */
const cache = new Map<string, Buffer | null>();
function file(path: () => string, key: string): Buffer | null {
  if (!cache.has(key)) {
    try {
      cache.set(key, readFileSync(path()));
    } catch {
      cache.set(key, null);
    }
  }
  return cache.get(key)!;
}

function redocBundle(): string {
  return createRequire(join(packageDir(), 'package.json')).resolve('redoc/bundles/redoc.standalone.js');
}

/** The console's and the docs page's page handler (spec operations mock_console*, mock_docs*). */
export function consolePages(): PageHandler {
  return async (req, res, op) => {
    const id = op.operationId;
    if (id !== 'mock_console' && id !== 'mock_docs' && id !== 'mock_console_asset' && id !== 'mock_docs_asset') return false;
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (id === 'mock_console' || id === 'mock_docs') {
      const isConsole = id === 'mock_console';
      sendHtml(res, isConsole ? CONSOLE_HTML : DOCS_HTML, [], { csp: isConsole ? CONSOLE_CSP : DOCS_CSP, headOnly: req.method === 'HEAD' });
      return true;
    }
    const name = decodeURIComponent((req.url ?? '').split('?')[0]!.split('/').pop() ?? '');
    const ext = name.slice(name.lastIndexOf('.') + 1);
    const allowed = /^[a-z-]+\.(js|css)$/.test(name) || (id === 'mock_docs_asset' && name === 'redoc.standalone.js');
    const body = !allowed
      ? null
      : name === 'redoc.standalone.js'
        ? file(redocBundle, name)
        : file(() => join(assetsDir(), name), name);
    if (!body) {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
      return true;
    }
    // Revalidated on every load: a restarted mock of another version must not run a cached older script.
    res.writeHead(200, { 'X-Content-Type-Options': 'nosniff', 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
