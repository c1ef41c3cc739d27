import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { jsapiSignature } from './jssdk.js';
import * as publicEntry from './index.js';

interface JssdkCase {
  ticket: string;
  nonceStr: string;
  timestamp: string;
  url: string;
  stringToSign: string;
  signature: string;
}
const V = JSON.parse(readFileSync(new URL('../../../fixtures/vectors/jssdk.json', import.meta.url), 'utf8')) as {
  published: JssdkCase;
  derived: JssdkCase[];
};

describe('jsapiSignature', () => {
  it('matches the official JS-SDK doc vector (string to sign and signature)', () => {
    const { ticket, nonceStr, timestamp, url } = V.published;
    const out = jsapiSignature({ ticket, nonceStr, timestamp, url });
    expect(out.stringToSign).toBe(V.published.stringToSign);
    expect(out.signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(out.signature).toBe(V.published.signature);
  });

  it('accepts a numeric timestamp', () => {
    const { ticket, nonceStr, timestamp, url } = V.published;
    expect(jsapiSignature({ ticket, nonceStr, timestamp: Number(timestamp), url }).signature).toBe(V.published.signature);
  });

  it.each(V.derived.map((c) => [c.url, c] as const))('derived case: %s', (_url, c) => {
    const out = jsapiSignature(c);
    expect(out.stringToSign).toBe(c.stringToSign);
    expect(out.signature).toBe(c.signature);
  });

  it('drops only the #fragment; an empty fragment and "#" inside it are handled', () => {
    const base = { ticket: 't', nonceStr: 'n', timestamp: 1 };
    expect(jsapiSignature({ ...base, url: 'https://a.example/p?q=1#/route#x' }).stringToSign).toBe(
      'jsapi_ticket=t&noncestr=n&timestamp=1&url=https://a.example/p?q=1',
    );
    expect(jsapiSignature({ ...base, url: 'https://a.example/p#' }).stringToSign).toBe(
      'jsapi_ticket=t&noncestr=n&timestamp=1&url=https://a.example/p',
    );
  });

  it('does not URL-encode values and returns lower-case hex sha1', () => {
    const out = jsapiSignature({ ticket: 'a&b', nonceStr: '中 文', timestamp: '2', url: 'https://a.example/页面?x=%20&y= z' });
    expect(out.stringToSign).toBe('jsapi_ticket=a&b&noncestr=中 文&timestamp=2&url=https://a.example/页面?x=%20&y= z');
    expect(out.signature).toBe(createHash('sha1').update(out.stringToSign, 'utf8').digest('hex'));
    expect(out.signature).toMatch(/^[0-9a-f]{40}$/);
  });

  it('is re-exported from the public crypto entry', () => {
    expect(publicEntry.jsapiSignature).toBe(jsapiSignature);
    expect(typeof publicEntry.decryptEnvelope).toBe('function');
  });
});
