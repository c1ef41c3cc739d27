export interface ParsedQuery {
  values: Record<string, string>;
  /** Names that appeared more than once. */
  doubled: string[] | undefined;
}

function decode(s: string): string | undefined {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Parses a query string. Empty values count as absent (WeCom treats `userid=` like no userid);
 * undecodable escapes are kept raw so validation can refuse them.
 */
export function parseQuery(qs: string): ParsedQuery {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  let doubled: string[] | undefined;
  if (qs.length === 0) return { values, doubled };
  let start = 0;
  while (start <= qs.length) {
    let end = qs.indexOf('&', start);
    if (end < 0) end = qs.length;
    if (end > start) {
      const eq = qs.indexOf('=', start);
      const hasEq = eq >= 0 && eq < end;
      const rawKey = qs.slice(start, hasEq ? eq : end);
      const rawVal = hasEq ? qs.slice(eq + 1, end) : '';
      const key = decode(rawKey) ?? rawKey;
      const val = decode(rawVal) ?? rawVal;
      if (key.length > 0 && val.length > 0) {
        if (key in values) (doubled ??= []).push(key);
        else values[key] = val;
      }
    }
    start = end + 1;
  }
  return { values, doubled };
}
