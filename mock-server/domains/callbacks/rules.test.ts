import { describe, expect, it } from 'vitest';
import { checkAesKey, checkCallbackUrl, checkToken } from './rules.js';
import type { AdminError } from '../../core/control/kit.js';

describe('callback config checks (doc path/90930)', () => {
  it('accepts what the console generates', () => {
    expect(() => checkToken('QDG6eK')).not.toThrow();
    expect(() => checkAesKey('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C')).not.toThrow();
    expect(() => checkCallbackUrl('https://example.com/wecom?x=1')).not.toThrow();
    expect(() => checkCallbackUrl('')).not.toThrow();
  });

  it('refuses malformed values with a code and a reason', () => {
    const codeOf = (f: () => void) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return (e as AdminError).code;
      }
    };
    expect(codeOf(() => checkToken('a'.repeat(33)))).toBe('bad_token');
    expect(codeOf(() => checkToken('tok en'))).toBe('bad_token');
    expect(codeOf(() => checkAesKey('short'))).toBe('bad_encoding_aes_key');
    expect(codeOf(() => checkAesKey(`${'a'.repeat(42)}=`))).toBe('bad_encoding_aes_key');
    expect(codeOf(() => checkCallbackUrl('javascript:alert(1)'))).toBe('bad_url');
    expect(codeOf(() => checkCallbackUrl('http://user:pw@example.com/'))).toBe('bad_url');
  });
});
