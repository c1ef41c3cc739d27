/**
 * Requests for one operation, drawn from its spec: valid ones, boundary ones and broken ones (a field
 * out of its schema, a required parameter missing or doubled, wrong types, broken JSON, huge strings,
 * tokens missing, unknown, expired or in the wrong place, the wrong method).
 */
import fc from 'fast-check';
import { invalidArb, queryText, textArb, validArb, type Hints } from './schema.js';
import { SPEC, type OpInfo } from './spec-index.js';

export interface FuzzRequest {
  operationId: string;
  /** What kind of request this is (for reports): 'valid', 'invalid-query:userid', 'broken-json'… */
  variant: string;
  method: string;
  /** Path with its parameters filled in, percent-encoded. */
  path: string;
  /** The query string as sent (without '?'). */
  query: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

/** Credentials the generator can put into requests. */
export interface FuzzCredentials {
  corpid: string;
  /** Valid tokens by secret kind (app first). */
  tokens: Readonly<Record<string, string>>;
  /** A token that was valid once and is expired now (42001), if the target could make one. */
  expiredToken?: string | undefined;
  hints: Hints;
}

type Pair = [string, string];

/** Query values stay under ~6 KB: longer URLs are refused by HTTP servers before any WeCom logic. */
const MAX_QUERY_VALUE = 6000;

function enc(pairs: readonly Pair[]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.slice(0, MAX_QUERY_VALUE))}`).join('&');
}

function tokenArb(creds: FuzzCredentials): fc.Arbitrary<{ variant: string; pairs: Pair[]; headers: Record<string, string> }> {
  const kinds = Object.entries(creds.tokens);
  const first = kinds[0];
  const options: { weight: number; arbitrary: fc.Arbitrary<{ variant: string; pairs: Pair[]; headers: Record<string, string> }> }[] = [];
  if (first) {
    options.push({ weight: 40, arbitrary: fc.constant({ variant: `token:${first[0]}`, pairs: [['access_token', first[1]]], headers: {} }) });
    options.push({
      weight: 8,
      arbitrary: fc.constantFrom(...kinds).map(([k, t]) => ({ variant: `token:${k}`, pairs: [['access_token', t]] as Pair[], headers: {} })),
    });
    options.push({ weight: 1, arbitrary: fc.constant({ variant: 'token:in-header', pairs: [], headers: { authorization: `Bearer ${first[1]}` } }) });
    options.push({ weight: 1, arbitrary: fc.constant({ variant: 'token:doubled', pairs: [['access_token', first[1]], ['access_token', first[1]]], headers: {} }) });
  }
  options.push({ weight: 2, arbitrary: fc.constant({ variant: 'token:missing', pairs: [], headers: {} }) });
  options.push({
    weight: 2,
    arbitrary: textArb(0, 600).map((t) => ({ variant: 'token:garbage', pairs: [['access_token', t]] as Pair[], headers: {} })),
  });
  if (creds.expiredToken) {
    options.push({ weight: 1, arbitrary: fc.constant({ variant: 'token:expired', pairs: [['access_token', creds.expiredToken]], headers: {} }) });
  }
  return fc.oneof(...options);
}

/** One value per parameter: valid, or (for `bad`) invalid in one way. */
function paramsArb(op: OpInfo, where: 'query' | 'path', creds: FuzzCredentials): fc.Arbitrary<{ variant: string; pairs: Pair[] }> {
  const params = op.params.filter((p) => p.in === where);
  if (params.length === 0) return fc.constant({ variant: 'valid', pairs: [] });
  const valid = params.map((p) =>
    fc.tuple(fc.constant(p), fc.option(validArb(SPEC, p.schema, creds.hints, p.name), { freq: p.required ? 1000 : 3, nil: undefined })),
  );
  const validSet = fc.tuple(...valid).map((vals) => ({
    variant: 'valid',
    pairs: vals.filter(([, v]) => v !== undefined).map(([p, v]) => [p.name, queryText(v)] as Pair),
  }));
  if (where === 'path') {
    // Path parameters are always there; broken ones are strange text.
    return fc.oneof(
      { weight: 4, arbitrary: validSet },
      { weight: 1, arbitrary: fc.tuple(validSet, textArb(0, 80)).map(([s, t]) => ({ variant: 'odd-path-param', pairs: s.pairs.map(([k]) => [k, t] as Pair) })) },
    );
  }
  const mutations: fc.Arbitrary<{ variant: string; pairs: Pair[] }>[] = [];
  const idx = fc.nat({ max: params.length - 1 });
  // One parameter made invalid.
  const invalids = params.map((p) => invalidArb(SPEC, p.schema));
  if (invalids.some((a) => a !== undefined)) {
    mutations.push(
      fc
        .tuple(validSet, fc.constantFrom(...params.map((_, i) => i).filter((i) => invalids[i] !== undefined)))
        .chain(([s, i]) =>
          invalids[i]!.map((bad) => {
            const name = params[i]!.name;
            return { variant: `invalid-query:${name}`, pairs: [...s.pairs.filter(([k]) => k !== name), [name, queryText(bad)] as Pair] };
          }),
        ),
    );
  }
  // A required parameter missing, or any parameter given twice (with different values).
  mutations.push(
    fc.tuple(validSet, idx).map(([s, i]) => {
      const name = params[i]!.name;
      return { variant: `missing-query:${name}`, pairs: s.pairs.filter(([k]) => k !== name) };
    }),
    fc.tuple(validSet, idx, textArb(1, 20)).map(([s, i, other]) => {
      const name = params[i]!.name;
      const kept = s.pairs.find(([k]) => k === name)?.[1] ?? 'x';
      return { variant: `doubled-query:${name}`, pairs: [...s.pairs.filter(([k]) => k !== name), [name, kept], [name, other]] };
    }),
    // Empty values (WeCom treats `userid=` like no userid).
    fc.tuple(validSet, idx).map(([s, i]) => {
      const name = params[i]!.name;
      return { variant: `empty-query:${name}`, pairs: [...s.pairs.filter(([k]) => k !== name), [name, '']] };
    }),
  );
  return fc.oneof({ weight: 5, arbitrary: validSet }, { weight: 5, arbitrary: fc.oneof(...mutations) });
}

const HUGE_BODY_BYTES = 2 * 1024 * 1024 + 17;

function jsonBodyArb(op: OpInfo, creds: FuzzCredentials): fc.Arbitrary<{ variant: string; body: string | Buffer; contentType: string | undefined }> {
  const schema = op.body?.content['application/json'] ?? {};
  const props = Object.entries((schema['properties'] as Record<string, unknown> | undefined) ?? {});
  const valid = validArb(SPEC, schema, creds.hints).map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}));
  const ct = 'application/json';
  const options: { weight: number; arbitrary: fc.Arbitrary<{ variant: string; body: string | Buffer; contentType: string | undefined }> }[] = [
    { weight: 10, arbitrary: valid.map((v) => ({ variant: 'valid', body: JSON.stringify(v), contentType: ct })) },
    {
      weight: 3,
      arbitrary: fc.tuple(valid, fc.constantFrom('{', '{"a":', '[1,', 'null', '[]', '"text"', '12', 'a=1&b=2', '{"x":1}}', '\u0000', '{"a":1,}')).map(([, raw]) => ({
        variant: 'broken-json',
        body: raw,
        contentType: ct,
      })),
    },
    { weight: 1, arbitrary: fc.constant({ variant: 'empty-body', body: '', contentType: ct }) },
    { weight: 1, arbitrary: valid.map((v) => ({ variant: 'bom-body', body: `\ufeff${JSON.stringify(v)}`, contentType: ct })) },
    { weight: 1, arbitrary: valid.map((v) => ({ variant: 'no-content-type', body: JSON.stringify(v), contentType: undefined })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ variant: 'binary-body', body: Buffer.from(b), contentType: ct })) },
    {
      weight: 1,
      arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ variant: 'random-json', body: JSON.stringify(v) ?? 'null', contentType: ct })),
    },
  ];
  if (props.length > 0) {
    const invalids = props.map(([, s]) => invalidArb(SPEC, s));
    const usable = props.map((_, i) => i).filter((i) => invalids[i] !== undefined);
    if (usable.length > 0) {
      options.push({
        weight: 6,
        arbitrary: fc.tuple(valid, fc.constantFrom(...usable)).chain(([v, i]) =>
          invalids[i]!.map((bad) => ({ variant: `invalid-body:${props[i]![0]}`, body: JSON.stringify({ ...v, [props[i]![0]]: bad }), contentType: ct })),
        ),
      });
    }
    options.push({
      weight: 2,
      arbitrary: fc.tuple(valid, fc.nat({ max: props.length - 1 })).map(([v, i]) => {
        const copy = { ...v };
        delete copy[props[i]![0]];
        return { variant: `missing-body:${props[i]![0]}`, body: JSON.stringify(copy), contentType: ct };
      }),
    });
    options.push({
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat({ max: props.length - 1 })).map(([v, i]) => {
        // A key given twice in the JSON text: JSON.parse keeps the last one.
        const k = JSON.stringify(props[i]![0]);
        const text = JSON.stringify(v);
        return { variant: `doubled-body:${props[i]![0]}`, body: text === '{}' ? `{${k}:1,${k}:"x"}` : `{${k}:"x",${text.slice(1)}`, contentType: ct };
      }),
    });
  }
  options.push({
    weight: 1,
    arbitrary: fc.constantFrom(HUGE_BODY_BYTES, 70_000).map((n) => ({ variant: `huge-body:${n}`, body: `{"x":"${'y'.repeat(n)}"}`, contentType: ct })),
  });
  return fc.oneof(...options);
}

function formBodyArb(op: OpInfo, creds: FuzzCredentials, media: string): fc.Arbitrary<{ variant: string; body: string | Buffer; contentType: string | undefined }> {
  const schema = op.body?.content[media] ?? {};
  const valid = validArb(SPEC, schema, creds.hints).map((v) => {
    const obj = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    return new URLSearchParams(Object.entries(obj).map(([k, x]): [string, string] => [k, queryText(x)])).toString();
  });
  const boundary = '----wecomfuzz7d3a';
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((b) => ({ variant: 'valid-form', body: b, contentType: media })) },
    {
      weight: 2,
      arbitrary: fc.tuple(textArb(0, 30), fc.uint8Array({ maxLength: 200 })).map(([name, bytes]) => ({
        variant: 'multipart',
        body: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${name.replace(/["\r\n]/g, '')}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
          Buffer.from(bytes),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        contentType: `multipart/form-data; boundary=${boundary}`,
      })),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({ variant: 'binary-body', body: Buffer.from(b), contentType: media })) },
    { weight: 1, arbitrary: fc.constant({ variant: 'truncated-multipart', body: `--${boundary}\r\nContent-Disposition: form-data; name="media"\r\n\r\nabc`, contentType: `multipart/form-data; boundary=${boundary}` }) },
    { weight: 1, arbitrary: fc.constant({ variant: 'empty-body', body: '', contentType: media }) },
  );
}

/**
 * Bodies of the pay host's XML operations (tag mchpay): flat `<xml>` documents of schema-valid fields (unsigned,
 * so most reach the signature check), and documents no client should send (broken, nested, with a DTD, binary).
 */
function xmlBodyArb(op: OpInfo, creds: FuzzCredentials, media: string): fc.Arbitrary<{ variant: string; body: string | Buffer; contentType: string | undefined }> {
  const schema = op.body?.content[media] ?? {};
  const valid = validArb(SPEC, schema, creds.hints).map((v) => {
    const obj = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    return `<xml>${Object.entries(obj)
      .map(([k, x]) => `<${k}><![CDATA[${queryText(x).replaceAll(']]>', '')}]]></${k}>`)
      .join('')}</xml>`;
  });
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((b) => ({ variant: 'valid-xml', body: b, contentType: media })) },
    { weight: 1, arbitrary: valid.map((b) => ({ variant: 'truncated-xml', body: b.slice(0, Math.max(1, b.length - 7)), contentType: media })) },
    { weight: 1, arbitrary: textArb(0, 60).map((t) => ({ variant: 'nested-xml', body: `<xml><mch_id><a>${t.replace(/[<&]/g, '')}</a></mch_id></xml>`, contentType: media })) },
    { weight: 1, arbitrary: fc.constant({ variant: 'dtd-xml', body: '<!DOCTYPE xml [<!ENTITY e "x">]><xml><mch_id>&e;</mch_id></xml>', contentType: media }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({ variant: 'binary-body', body: Buffer.from(b), contentType: media })) },
    { weight: 1, arbitrary: fc.constant({ variant: 'empty-body', body: '', contentType: media }) },
  );
}

/** Raw query strings no well-behaved client sends. */
const ODD_QUERIES = ['%zz', '&&&', '=x', 'a=%E4%B8', '%00=%00', '?x=1', 'access_token', ';a=1', 'a=1;b=2', '+=+', `${'k'.repeat(200)}=${'v'.repeat(3000)}`];

/** Requests for one operation. */
export function requestArb(op: OpInfo, creds: FuzzCredentials): fc.Arbitrary<FuzzRequest> {
  const needsToken = op.def.auth === 'access_token';
  const token = needsToken ? tokenArb(creds) : fc.constant({ variant: '', pairs: [] as Pair[], headers: {} as Record<string, string> });
  const query = paramsArb(op, 'query', creds);
  const pathParams = paramsArb(op, 'path', creds);
  const extra = fc.oneof(
    { weight: 12, arbitrary: fc.constant<{ variant: string; raw: string }>({ variant: '', raw: '' }) },
    { weight: 1, arbitrary: fc.tuple(textArb(1, 12), textArb(0, 30)).map(([k, v]) => ({ variant: 'unknown-param', raw: enc([[k, v]]) })) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_QUERIES).map((raw) => ({ variant: 'odd-query', raw })) },
  );
  const mediaTypes = Object.keys(op.body?.content ?? {});
  const jsonOp = mediaTypes.includes('application/json');
  const none = fc.constant<{ variant: string; body: string | Buffer | undefined; contentType: string | undefined }>({ variant: '', body: undefined, contentType: undefined });
  const body = op.body
    ? jsonOp
      ? jsonBodyArb(op, creds)
      : mediaTypes[0] === 'application/xml'
        ? xmlBodyArb(op, creds, 'application/xml')
        : formBodyArb(op, creds, mediaTypes[0] ?? 'application/octet-stream')
    : fc.oneof({ weight: 12, arbitrary: none }, { weight: 1, arbitrary: jsonBodyArb(op, creds).map((b) => ({ ...b, variant: `unexpected-${b.variant}` })) });
  const cgi = op.kind === 'wecom';
  const method = fc.oneof(
    { weight: 20, arbitrary: fc.constant(op.method) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...(cgi ? ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'] : ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])),
    },
  );
  return fc.record({ token, query, pathParams, extra, body, method }).map(({ token: t, query: q, pathParams: pp, extra: x, body: b, method: m }) => {
    let path = op.path;
    for (const [k, v] of pp.pairs) path = path.replace(`{${k}}`, encodeURIComponent(v));
    path = path.replace(/\{[^}]+\}/g, 'missing');
    const qs = [enc(t.pairs), enc(q.pairs), x.raw].filter((s) => s.length > 0).join('&');
    const headers: Record<string, string> = { ...t.headers };
    if (b.contentType !== undefined && b.body !== undefined) headers['content-type'] = b.contentType;
    const sendsBody = m !== 'GET' && m !== 'HEAD' && m !== 'DELETE';
    const variant = [m !== op.method ? `method:${m}` : '', t.variant, q.variant !== 'valid' ? q.variant : '', pp.variant !== 'valid' ? pp.variant : '', x.variant, b.variant]
      .filter((s) => s.length > 0)
      .join(' ');
    return {
      operationId: op.operationId,
      variant: variant || 'valid',
      method: m,
      path,
      query: qs,
      headers,
      body: sendsBody ? b.body : undefined,
    };
  });
}

/** A curl command that repeats a request (for reports). */
export function curlOf(baseUrl: string, r: FuzzRequest): string {
  const url = `${baseUrl}${r.path}${r.query ? `?${r.query}` : ''}`;
  const parts = [`curl -sS -X ${r.method}`, `'${url.replace(/'/g, `'\\''`)}'`];
  for (const [k, v] of Object.entries(r.headers)) parts.push(`-H '${k}: ${v.replace(/'/g, `'\\''`)}'`);
  if (r.body !== undefined) {
    const text = Buffer.isBuffer(r.body) ? r.body.toString('latin1') : r.body;
    parts.push(text.length > 300 ? `--data-binary @<(${Buffer.byteLength(text)} bytes: ${JSON.stringify(text.slice(0, 80))}…)` : `--data-binary '${text.replace(/'/g, `'\\''`)}'`);
  }
  return parts.join(' ');
}
