import { describe, expect, it } from 'vitest';
import { fingerprint, scanCredentials, type CredentialSource } from './journal.js';

const corp: CredentialSource = {
  secrets: { contacts: 'CONTACTS-SECRET-0123456789', customer_contact: 'CC-SECRET-0123456789', archive: 'ARCHIVE-SECRET-0123456789' },
  apps: new Map([[1000002, { agentid: 1000002, secret: 'APP-SECRET-0123456789' }]]),
  currentToken: new Map([['APP-SECRET-0123456789', { token: 'TOKEN-abcdefghijklmnop', kind: 'app', agentid: 1000002 }]]),
};

describe('scanCredentials', () => {
  it('When a token travels in a header, then the journal keeps the header redacted and names the leak', () => {
    const r = scanCredentials(corp, { authorization: 'Bearer TOKEN-abcdefghijklmnop', 'user-agent': 'x' }, undefined, { access_token: 'TOKEN-abcdefghijklmnop' });
    expect(r.headers['authorization']).toBe('Bearer [redacted the access_token of app 1000002]');
    expect(r.headers['user-agent']).toBe('x');
    expect(r.leaks).toEqual(['header authorization carries the access_token of app 1000002']);
  });

  it('When a secret is in the body or in another query parameter, then both are leaks; the credential parameters are not', () => {
    const r = scanCredentials(corp, {}, Buffer.from('{"secret":"APP-SECRET-0123456789"}'), {
      corpsecret: 'APP-SECRET-0123456789',
      access_token: 'TOKEN-abcdefghijklmnop',
      state: 'TOKEN-abcdefghijklmnop',
    });
    expect(r.leaks).toEqual(['the body carries the secret of app 1000002', 'query parameter state carries the access_token of app 1000002']);
  });

  it('When two tokens differ, then their fingerprints differ and reveal nothing of the token', () => {
    expect(fingerprint('a')).not.toBe(fingerprint('b'));
    expect(fingerprint('TOKEN-abcdefghijklmnop')).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('scanCredentials with coerced query values', () => {
  it('When validation turned a query value into a number, then the scan still reads it', () => {
    expect(scanCredentials(corp, {}, undefined, { id: 3, fetch_child: true } as unknown as Record<string, string>).leaks).toEqual([]);
  });
});
