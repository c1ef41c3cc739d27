/**
 * JS-SDK signature for wx.config / wx.agentConfig (doc path/90506). Pure function over
 * node:crypto; known-answer vector in fixtures/vectors/jssdk.json (official JS-SDK doc appendix).
 */
import { createHash } from 'node:crypto';

/** Inputs of {@link jsapiSignature}: the jsapi (or agent_config) ticket, nonceStr, timestamp and page URL. */
export interface JsapiSignatureParams {
  ticket: string;
  nonceStr: string;
  timestamp: string | number;
  url: string;
}

/** Result of {@link jsapiSignature}: the lower-case hex sha1 and the exact string it was computed over. */
export interface JsapiSignature {
  signature: string;
  stringToSign: string;
}

/** Sign a page for wx.config/agentConfig: sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (url without #fragment, raw values). */
export function jsapiSignature(params: JsapiSignatureParams): JsapiSignature {
  // The signed URL is the page URL without its #fragment; values are not URL-encoded (JS-SDK doc appendix 1).
  const hashAt = params.url.indexOf('#');
  const url = hashAt < 0 ? params.url : params.url.slice(0, hashAt);
  // Keys in fixed ASCII order: jsapi_ticket, noncestr, timestamp, url.
  const stringToSign = `jsapi_ticket=${params.ticket}&noncestr=${params.nonceStr}&timestamp=${String(params.timestamp)}&url=${url}`;
  const signature = createHash('sha1').update(stringToSign, 'utf8').digest('hex');
  return { signature, stringToSign };
}
