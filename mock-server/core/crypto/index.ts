/**
 * Public `wecom-mock/crypto` entry: WeCom callback crypto (WXBizMsgCrypt) and the JS-SDK signature,
 * for receivers and tests that want the same primitives the mock uses.
 */
export {
  MAX_XML_BYTES,
  PKCS7_BLOCK_SIZE,
  WeComCryptoError,
  WeComCryptoErrorCode,
  aesKeyFromEncodingAesKey,
  buildEncryptedReply,
  cdata,
  constantTimeEqual,
  decrypt,
  decryptEnvelope,
  encrypt,
  encryptEnvelope,
  parseEncryptedReply,
  parseSimpleXml,
  randomPrefix16,
  signature,
  verifyUrl,
} from './wxbizmsgcrypt.js';
export type {
  BuildEncryptedReplyParams,
  DecryptEnvelopeParams,
  EncryptEnvelopeParams,
  EncryptedEnvelope,
  EnvelopeQuery,
  OpenedEnvelope,
  OpenedReply,
  ParseEncryptedReplyParams,
  SimpleXmlElement,
  VerifyUrlParams,
  WeComCryptoErrorName,
} from './wxbizmsgcrypt.js';
export { jsapiSignature } from './jssdk.js';
export type { JsapiSignature, JsapiSignatureParams } from './jssdk.js';
