/**
 * Callback configuration as WeCom's console does it: the URL is verified with a signed, encrypted echostr and
 * saved only when the receiver answers exactly the plaintext within 1 s (doc path/90930); malformed Token /
 * EncodingAESKey are refused up front.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { ReceiverCrypto } from '../../harness/crypto.js';
import { CallbackReceiver, correctBehaviour } from '../../harness/receiver.js';
import { withAppReceiver } from './helpers.js';

const target = await suiteTarget();

interface Verification {
  ok: boolean;
  reason: string | null;
  message: string;
  expected: string;
  body: string | null;
}
type PutAnswer = { saved?: boolean; verification: Verification | null; error?: { code: string; message: string }; url?: string };

describe.skipIf(!target.isMock)('callback configuration', () => {
  it('When a correct receiver is set as the callback, then the mock sends the verification GET and saves the URL', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid }) => {
      const get = receiver.received[0]!;
      expect(get.method).toBe('GET');
      expect(Object.keys(get.query).sort()).toEqual(['echostr', 'msg_signature', 'nonce', 'timestamp']);
      expect(get.error).toBeUndefined();
      expect(get.echo).toMatch(/^[0-9]+$/);
      const cfg = await target.admin<{ receivers: Array<{ receiver: string; url: string }> }>('GET', `/__mock/callbacks/config?corpid=${corp.corpid}`);
      expect(cfg.json.receivers.find((r) => r.receiver === `app:${agentid}`)?.url).toBe(receiver.url);
      const again = await target.admin<{ verification: Verification }>('POST', '/__mock/callbacks/verify', { corpid: corp.corpid, agentid });
      expect(again.json.verification.ok).toBe(true);
    }));

  const failing: Array<[string, (echo: string) => ReturnType<typeof correctBehaviour>, string, RegExp]> = [
    ['a trailing newline', (echo) => ({ status: 200, body: `${echo}\n` }), 'body_mismatch', /whitespace or a newline/],
    ['a quoted echostr', (echo) => ({ status: 200, body: `"${echo}"` }), 'body_mismatch', /quoted/],
    ['the encrypted echostr', () => ({ status: 200, body: 'not-the-plaintext' }), 'body_mismatch', /not the decrypted echostr/],
    ['HTTP 500', (echo) => ({ status: 500, body: echo }), 'http_status', /HTTP 500/],
    ['no answer within 1 s', () => 'hang', 'timeout', /1000 ms/],
  ];
  for (const [what, answer, reason, message] of failing) {
    it(`When the receiver answers the verification with ${what}, then the config is not saved and the reason says why`, async () => {
      const corp = await target.newCorp();
      const app = corp.raw!.apps[0]!;
      const receiver = await CallbackReceiver.start(new ReceiverCrypto(app.callback.token, app.callback.encoding_aes_key, corp.corpid), (r) =>
        answer(r.echo ?? ''),
      );
      try {
        const r = await target.admin<PutAnswer>('PUT', '/__mock/callbacks/config', { corpid: corp.corpid, agentid: app.agentid, url: receiver.url });
        expect(r.status).toBe(422);
        expect(r.json.error?.code).toBe('url_verification_failed');
        expect(r.json.verification?.ok).toBe(false);
        expect(r.json.verification?.reason).toBe(reason);
        expect(r.json.verification?.message).toMatch(message);
        const cfg = await target.admin<{ receivers: Array<{ receiver: string; url: string }> }>('GET', `/__mock/callbacks/config?corpid=${corp.corpid}`);
        expect(cfg.json.receivers.find((x) => x.receiver === `app:${app.agentid}`)?.url).toBe('');
      } finally {
        await receiver.close();
      }
    });
  }

  it('When the receiver checks the signature with another Token, then it refuses the GET and verification fails', async () => {
    const corp = await target.newCorp();
    const app = corp.raw!.apps[0]!;
    const receiver = await CallbackReceiver.start(new ReceiverCrypto('SomeOtherToken', app.callback.encoding_aes_key, corp.corpid));
    try {
      const r = await target.admin<PutAnswer>('PUT', '/__mock/callbacks/config', { corpid: corp.corpid, agentid: app.agentid, url: receiver.url });
      expect(r.status).toBe(422);
      expect(r.json.verification?.reason).toBe('http_status');
      expect(receiver.received[0]?.error).toMatch(/-40001/);
    } finally {
      await receiver.close();
    }
  });

  const malformed: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['an EncodingAESKey of 42 characters', { encoding_aes_key: 'a'.repeat(42) }, 'bad_encoding_aes_key', /exactly 43/],
    ['an EncodingAESKey outside the base64 alphabet', { encoding_aes_key: `${'a'.repeat(42)}-` }, 'bad_encoding_aes_key', /base64 alphabet/],
    ['a Token of 33 characters', { token: 'a'.repeat(33) }, 'bad_token', /1–32/],
    ['a Token with punctuation', { token: 'abc-def' }, 'bad_token', /letters and digits/],
    ['an empty Token', { token: '' }, 'bad_token', /1–32/],
    ['an ftp URL', { url: 'ftp://127.0.0.1/cb' }, 'bad_url', /http/],
    ['a relative URL', { url: '/cb' }, 'bad_url', /absolute/],
  ];
  for (const [what, body, code, message] of malformed) {
    it(`When the callback config has ${what}, then it is refused with 400 ${code} before any request is sent`, async () => {
      const corp = await target.newCorp();
      const app = corp.raw!.apps[0]!;
      const r = await target.admin<PutAnswer>('PUT', '/__mock/callbacks/config', {
        corpid: corp.corpid,
        agentid: app.agentid,
        url: 'http://127.0.0.1:9/cb',
        ...body,
      });
      expect(r.status).toBe(400);
      expect(r.json.error?.code).toBe(code);
      expect(r.json.error?.message).toMatch(message);
    });
  }

  it('When the config names neither an app nor a system receiver, or an unknown app, then it is refused', async () => {
    const corp = await target.newCorp();
    const none = await target.admin<PutAnswer>('PUT', '/__mock/callbacks/config', { corpid: corp.corpid, url: '' });
    expect(none.status).toBe(400);
    const unknown = await target.admin<PutAnswer>('PUT', '/__mock/callbacks/config', { corpid: corp.corpid, agentid: 42, url: '' });
    expect(unknown.status).toBe(404);
    const wrongType = await target.admin<PutAnswer>('PUT', '/__mock/callbacks/config', { corpid: corp.corpid, agentid: 'x', url: '' });
    expect(wrongType.status).toBe(400);
  });

  it('When a new Token and EncodingAESKey are set with the URL, then deliveries use them', async () => {
    const corp = await target.newCorp();
    const app = corp.raw!.apps[0]!;
    const token = 'NewToken123';
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const receiver = await CallbackReceiver.start(new ReceiverCrypto(token, key, corp.corpid), correctBehaviour);
    try {
      const r = await target.admin<PutAnswer>('PUT', '/__mock/callbacks/config', {
        corpid: corp.corpid,
        agentid: app.agentid,
        url: receiver.url,
        token,
        encoding_aes_key: key,
      });
      expect(r.status).toBe(200);
      expect(r.json.saved).toBe(true);
      const creds = await target.admin<{ apps: Array<{ callback: { token: string; encoding_aes_key: string } }> }>('GET', `/__mock/corps/${corp.corpid}`);
      expect(creds.json.apps[0]!.callback).toMatchObject({ token, encoding_aes_key: key });
    } finally {
      await receiver.close();
    }
  });

  it('When the URL is set to empty, then the callback is off and verification is not attempted', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid }) => {
      const off = await target.admin<PutAnswer>('PUT', '/__mock/callbacks/config', { corpid: corp.corpid, agentid, url: '' });
      expect(off.status).toBe(200);
      expect(off.json.verification).toBeNull();
      const verify = await target.admin('POST', '/__mock/callbacks/verify', { corpid: corp.corpid, agentid });
      expect(verify.status).toBe(409);
    }));
});
