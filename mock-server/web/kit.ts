/**
 * The page kit: answering a browser. Pages carry a strict CSP (no script), are never framed or cached,
 * and send no referrer; a form body is read bounded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../core/pipeline/body.js';
import { contentSecurityPolicy } from './html.js';

export const PAGE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

/** The largest form a page accepts. */
export const FORM_MAX = 16 * 1024;

/**
 * Answers an HTML page; `formTargets` are the origins its forms may post to (CSP form-action). A page that runs
 * scripts of the mock's own (the console, the docs page) gives its `csp`; `headOnly` answers a HEAD.
 */
export function sendHtml(res: ServerResponse, html: string, formTargets: readonly string[] = [], opts: { csp?: string; headOnly?: boolean } = {}): void {
  res.writeHead(200, {
    ...PAGE_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Security-Policy': opts.csp ?? contentSecurityPolicy(formTargets),
  });
  res.end(opts.headOnly ? undefined : html);
}

/** A 302 to `location`. */
export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { ...PAGE_HEADERS, Location: location, 'Content-Length': 0 });
  res.end();
}

/** The posted form (undefined for a GET, whose body is drained), or 'too_large'. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined | 'too_large'> {
  if (req.method !== 'POST') {
    req.resume();
    return undefined;
  }
  const body = await readBody(req, FORM_MAX);
  return body.ok ? new URLSearchParams(body.raw.toString('utf8')) : 'too_large';
}
