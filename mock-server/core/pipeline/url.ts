/**
 * `url` with `params` appended to its query (URI-encoded, before any #fragment), leaving the query it
 * already has as it is: WeCom keeps a redirect_uri's own parameters and adds code/state after them, and
 * a callback URL keeps its own parameters next to msg_signature/timestamp/nonce.
 */
export function withQuery(url: string | URL, params: Readonly<Record<string, string | number>>): string {
  const href = typeof url === 'string' ? url : url.href;
  const extra = Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  if (!extra) return href;
  const hash = href.indexOf('#');
  const head = hash < 0 ? href : href.slice(0, hash);
  const tail = hash < 0 ? '' : href.slice(hash);
  const sep = head.includes('?') ? (head.endsWith('?') || head.endsWith('&') ? '' : '&') : '?';
  return `${head}${sep}${extra}${tail}`;
}
