/**
 * Public `wecom-mock/crypto` entry: WeCom callback crypto (WXBizMsgCrypt) and the JS-SDK signature,
 * for receivers and tests that want the same primitives the mock uses. Everything wxbizmsgcrypt.ts
 * exports is public.
 */
export * from './wxbizmsgcrypt.js';
export { jsapiSignature } from './jssdk.js';
export type { JsapiSignature, JsapiSignatureParams } from './jssdk.js';
