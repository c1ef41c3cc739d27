/**
 * Checks of callback configuration, as WeCom's console applies them before it even tries the URL.
 * These guard the control plane (not a WeCom API), so they throw AdminError (→ HTTP 400) rather
 * than a WeCom errcode.
 */
import { AdminError } from '../../core/control/kit.js';
import { LIMITS } from '../../../spec/generated/limits.js';

const TOKEN_MAX = LIMITS.bound.callback_token_length.max;
const AES_KEY_LENGTH = LIMITS.bound.encoding_aes_key_length.max;

/** Callback URL: http(s), absolute, no user info; '' clears the callback. */
export function checkCallbackUrl(url: string): void {
  if (url === '') return;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AdminError(400, 'bad_url', `url ${JSON.stringify(url)} is not an absolute URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AdminError(400, 'bad_url', `url must be http:// or https://, not ${u.protocol}`);
  }
  if (u.username || u.password) throw new AdminError(400, 'bad_url', 'url must not carry a user name or password');
  if (u.hash) throw new AdminError(400, 'bad_url', 'url must not carry a #fragment');
}

/** Token: letters and digits, at most 32 (doc path/90930, limits.yaml callback_token_length). */
export function checkToken(token: string): void {
  if (token.length === 0 || token.length > TOKEN_MAX) {
    throw new AdminError(400, 'bad_token', `token must be 1–${TOKEN_MAX} characters, got ${token.length}`);
  }
  const bad = [...token].find((ch) => !/[A-Za-z0-9]/.test(ch));
  if (bad !== undefined) throw new AdminError(400, 'bad_token', `token may hold only letters and digits, found ${JSON.stringify(bad)}`);
}

/** EncodingAESKey: exactly 43 characters of the base64 alphabet (doc path/90930, 90968). */
export function checkAesKey(key: string): void {
  if (key.length !== AES_KEY_LENGTH) {
    throw new AdminError(400, 'bad_encoding_aes_key', `encoding_aes_key must be exactly ${AES_KEY_LENGTH} characters, got ${key.length}`);
  }
  const bad = [...key].find((ch) => !/[A-Za-z0-9+/]/.test(ch));
  if (bad !== undefined) {
    throw new AdminError(400, 'bad_encoding_aes_key', `encoding_aes_key must use the base64 alphabet [A-Za-z0-9+/], found ${JSON.stringify(bad)}`);
  }
}
