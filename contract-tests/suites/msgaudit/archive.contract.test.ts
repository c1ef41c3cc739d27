import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { ArchiveSdk, SdkError, type ChatData, type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

const schemaDir = new URL('../../../spec/components/schemas/archive/', import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = new Map(
  readdirSync(schemaDir).map((f) => {
    const s = parse(readFileSync(new URL(f, schemaDir), 'utf8')) as { title: string; properties: { msgtype?: { const: string } } };
    return [s.properties.msgtype?.const ?? 'switch', ajv.compile(s)] as const;
  }),
);

function keyPair(pkcs1 = false): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: pkcs1 ? 'pkcs1' : 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: pkcs1 ? 'pkcs1' : 'pkcs8', format: 'pem' }).toString(),
  };
}

/** A typical corp and its archive; `from` is the last seq of the seed's demo history (pulls start after it). */
async function archiveCorp(): Promise<{ corp: TestCorp; sdk: ArchiveSdk; token: string; from: number }> {
  const corp = await target.newCorp();
  const secret = corp.raw!.secrets.archive;
  const from = (await target.admin<{ records: number }>('GET', `/__mock/corps/${corp.corpid}/archive`)).json.records;
  return { corp, sdk: new ArchiveSdk({ baseUrl: base, corpid: corp.corpid, secret }), token: await getToken(base, corp.corpid, secret), from };
}
const addKey = (corpid: string, public_key: string, version?: number) =>
  target.admin<{ version?: number; error?: { code: string; errcode?: number } }>('POST', `/__mock/corps/${corpid}/archive/keys`, { public_key, ...(version !== undefined && { version }) });
const generate = (corpid: string, count: number, seed = 7) => target.admin<{ first_seq: number; last_seq: number }>('POST', '/__mock/archive/generate', { corpid, count, seed });
const chat = (corpid: string, body: Record<string, unknown>) =>
  target.admin<{ seq: number; msgid: string; message: Record<string, unknown> }>('POST', '/__mock/simulate/chat', { corpid, ...body });

async function pullAll(sdk: ArchiveSdk, limit = 1000, from = 0): Promise<ChatData[]> {
  const out: ChatData[] = [];
  let seq = from;
  for (;;) {
    const r = await sdk.getChatData(seq, limit, 10);
    expect(r.ret).toBe(0);
    if (r.chatdata.length === 0) return out;
    out.push(...r.chatdata);
    seq = r.chatdata[r.chatdata.length - 1]!.seq;
  }
}

describe.skipIf(!target.isMock)('message archive (会话存档)', () => {
  it('When the key rotates mid-stream, then old records keep their version and still decrypt with the old key', async () => {
    const { corp, sdk, from } = await archiveCorp();
    const k1 = keyPair(true); // PKCS#1
    const k2 = keyPair(); // PKCS#8 / SPKI
    expect((await addKey(corp.corpid, k1.publicPem, 1)).status).toBe(201);
    await generate(corp.corpid, 40);
    expect((await addKey(corp.corpid, k2.publicPem, 2)).status).toBe(201);
    await chat(corp.corpid, { msgtype: 'text', content: { content: '你好' } });
    await generate(corp.corpid, 10, 8);
    const records = await pullAll(sdk, 1000, from);
    expect(records.map((r) => r.publickey_ver)).toEqual([...Array(40).fill(1), ...Array(11).fill(2)]);
    const keys = new Map([[1, k1.privatePem], [2, k2.privatePem]]);
    for (const r of records) {
      const d = sdk.decryptData(keys, r);
      expect(d.ret).toBe(0);
      expect(d.message?.['msgid']).toBe(r.msgid);
    }
    expect(sdk.decryptData(keys, records[40]!).message).toMatchObject({ msgtype: 'text', text: { content: '你好' } });
    // Without the old private key the SDK answers 10007.
    expect(sdk.decryptData(new Map([[2, k2.privatePem]]), records[0]!).ret).toBe(SdkError.NO_PRIVATE_KEY);
    // The wrong private key for a version → 10008.
    expect(sdk.decryptData(new Map([[1, k2.privatePem]]), records[0]!).ret).toBe(SdkError.ENCRYPT_KEY);
    // A tampered message → 10006.
    const bad = { ...records[0]!, encrypt_chat_msg: Buffer.alloc(48, 1).toString('base64') };
    expect(sdk.decryptData(keys, bad).ret).toBe(SdkError.DECRYPT);
  });

  it('When pulling from seq 0 page by page, then every record comes exactly once, in seq order', async () => {
    const { corp, sdk, from } = await archiveCorp();
    await addKey(corp.corpid, keyPair().publicPem);
    await generate(corp.corpid, 2500);
    const records = await pullAll(sdk, 1000);
    expect(records).toHaveLength(from + 2500);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: from + 2500 }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.msgid)).size).toBe(from + 2500);
    const last = await sdk.getChatData(from + 2500, 1000, 5);
    expect(last).toMatchObject({ ret: 0, chatdata: [] });
  });

  it('When every msgtype is generated, then each decrypts to JSON matching its schema; external chats end in _external', async () => {
    const { corp, sdk, from } = await archiveCorp();
    const k = keyPair();
    await addKey(corp.corpid, k.publicPem);
    await generate(corp.corpid, 28 * 3, 11);
    const seen = new Set<string>();
    for (const r of await pullAll(sdk, 1000, from)) {
      const d = sdk.decryptData({ 1: k.privatePem }, r);
      expect(d.ret).toBe(0);
      const m = d.message!;
      const type = (m['msgtype'] as string | undefined) ?? String(m['action']);
      const validate = validators.get(type);
      expect(validate, `a schema for ${type}`).toBeDefined();
      expect(validate!(m), `${type}: ${JSON.stringify(validate!.errors)}`).toBe(true);
      seen.add(type);
      const tolist = (m['tolist'] as string[] | undefined) ?? [];
      const external = [m['from'], ...tolist].some((u) => typeof u === 'string' && /^(wm|wo)/.test(u));
      if (external) expect(r.msgid.endsWith('_external')).toBe(true);
    }
    expect(seen.size).toBe(28);
    expect(validators.size).toBe(28);
  });

  it('When a 5 MB file is downloaded chunk by chunk, then the bytes reassemble to the md5 and size of the record', async () => {
    const { corp, sdk, from } = await archiveCorp();
    const k = keyPair();
    await addKey(corp.corpid, k.publicPem);
    const size = 5 * 1024 * 1024;
    await chat(corp.corpid, { msgtype: 'file', size });
    const [rec] = await pullAll(sdk, 1000, from);
    const m = sdk.decryptData({ 1: k.privatePem }, rec!).message!;
    const file = m['file'] as { sdkfileid: string; md5sum: string; filesize: number };
    expect(file.filesize).toBe(size);
    let indexbuf = '';
    const parts: Buffer[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await sdk.getMediaData(file.sdkfileid, indexbuf, 10);
      expect(r.ret).toBe(0);
      expect(r.data.length).toBeLessThanOrEqual(512 * 1024);
      parts.push(r.data);
      if (r.is_finish) break;
      indexbuf = r.outindexbuf;
    }
    const all = Buffer.concat(parts);
    expect(all.length).toBe(size);
    expect(createHash('md5').update(all).digest('hex')).toBe(file.md5sum);
  });

  it('When the input is bad, then each gets its code and nothing crashes', async () => {
    const { corp, sdk, token, from } = await archiveCorp();
    await addKey(corp.corpid, keyPair().publicPem);
    await chat(corp.corpid, { msgtype: 'image' });
    const pull = (body: unknown) => call(base, 'message_getchatdata', { unchecked: true, token, body });
    const media = (body: unknown) => call(base, 'message_getchatmediadata', { unchecked: true, token, body });
    for (const [body, name] of [
      [{ seq: 'abc', limit: 10 }, 'INVALID_PARAMETER'],
      [{ seq: -1, limit: 10 }, 'INVALID_PARAMETER'],
      [{ seq: 0, limit: -5 }, 'INVALID_PARAMETER'],
      [{ seq: 0, limit: 1001 }, 'MSGAUDIT_REQUEST_TOO_LARGE'],
    ] as const) {
      const r = await pull(body);
      expect(r.status).toBe(200);
      expect(r.errcode, JSON.stringify(body)).toBe(code(name));
      expect(r.json?.['chatdata']).toEqual([]);
    }
    expect((await pull('{not json')).errcode).toBe(code('DATA_FORMAT_ERROR'));
    // The SDK refuses a limit over 1,000 or a negative seq itself (10000).
    expect((await sdk.getChatData(0, 1001, 5)).ret).toBe(SdkError.PARAM);
    expect((await sdk.getChatData(-1, 10, 5)).ret).toBe(SdkError.PARAM);
    expect((await media({ sdkfileid: 'bm90IGEgZmlsZQ==' })).errcode).toBe(code('INVALID_MEDIA_ID'));
    expect((await sdk.getMediaData('bm90IGEgZmlsZQ==')).ret).toBe(SdkError.FILEID);
    const rec = (await sdk.getChatData(from, 10, 5)).chatdata[0]!;
    expect(rec).toBeDefined();
    const admin = await target.admin<{ records: number }>('GET', `/__mock/corps/${corp.corpid}/archive`);
    expect(admin.json.records).toBe(from + 1);
    const { message } = (await chat(corp.corpid, { msgtype: 'file', size: 1000 })).json;
    const id = (message['file'] as { sdkfileid: string }).sdkfileid;
    for (const indexbuf of ['garbage', 'Range:bytes=5000-6000', 'Range:bytes=10-5', 'Range:bytes=0-999999']) {
      expect((await media({ sdkfileid: id, indexbuf })).errcode, indexbuf).toBe(code('INVALID_PARAMETER'));
    }
    expect((await media({ sdkfileid: id, indexbuf: 'Range:bytes=0-999' })).json).toMatchObject({ errcode: 0, is_finish: 1 });
  });

  it('When a token of another secret calls the archive, then 48002', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const r = await call(base, 'message_getchatdata', { token, body: { seq: 0, limit: 10 } });
    expect(r.errcode).toBe(code('API_FORBIDDEN'));
  });

  it('When the archive is switched off or expired, then 301053 / 301052', async () => {
    const { corp, token } = await archiveCorp();
    for (const [status, name] of [['disabled', 'MSGAUDIT_NOT_ENABLED'], ['expired', 'MSGAUDIT_SERVICE_EXPIRED']] as const) {
      await target.admin('PATCH', `/__mock/corps/${corp.corpid}/archive`, { status });
      expect((await call(base, 'message_getchatdata', { token, body: { seq: 0 } })).errcode).toBe(code(name));
      expect((await call(base, 'msgaudit_get_permit_user_list', { token, body: {} })).errcode).toBe(code(name));
    }
  });

  it('When keys are refused, then 40211 for a bad key and 40212 for a version not above the current one', async () => {
    const corp = await target.newCorp();
    const bad = await addKey(corp.corpid, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'INVALID_RSA_PUBLIC_KEY', errcode: code('INVALID_RSA_PUBLIC_KEY') });
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect((await addKey(corp.corpid, small)).json.error?.errcode).toBe(code('INVALID_RSA_PUBLIC_KEY'));
    expect((await addKey(corp.corpid, keyPair().publicPem, 3)).status).toBe(201);
    const low = await addKey(corp.corpid, keyPair().publicPem, 3);
    expect(low.json.error).toMatchObject({ code: 'PUBLIC_KEY_VERSION_TOO_LOW', errcode: code('PUBLIC_KEY_VERSION_TOO_LOW') });
  });

  it('When a customer agrees or disagrees, then check_single_agree and check_room_agree report it; groupchat/get describes internal groups only', async () => {
    const { corp, token } = await archiveCorp();
    const q = { token };
    const permit = await call(base, 'msgaudit_get_permit_user_list', { ...q, body: { type: 1 } });
    expect(permit.errcode).toBe(0);
    const member = (permit.json?.['ids'] as string[])[0]!;
    const customer = 'wmAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1';
    await chat(corp.corpid, { kind: 'single', msgtype: 'disagree', from: customer, tolist: [member] });
    const single = await call(base, 'msgaudit_check_single_agree', { ...q, body: { info: [{ userid: member, exteranalopenid: customer }, { userid: member, exteranalopenid: 'wmBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2' }] } });
    expect(single.json?.['agreeinfo']).toEqual([
      { status_change_time: expect.any(Number), userid: member, exteranalopenid: customer, agree_status: 'Disagree' },
      { status_change_time: 0, userid: member, exteranalopenid: 'wmBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2', agree_status: 'Default_Agree' },
    ]);
    expect((await call(base, 'msgaudit_check_single_agree', { ...q, body: { info: [{ userid: 'nobody-here', exteranalopenid: customer }] } })).errcode).toBe(
      code('MSGAUDIT_USER_NOT_FOUND'),
    );
    const ext = (await chat(corp.corpid, { kind: 'group', external: true, msgtype: 'agree', from: customer })).json.message;
    const room = await call(base, 'msgaudit_check_room_agree', { ...q, body: { roomid: ext['roomid'] as string } });
    expect(room.json?.['agreeinfo']).toContainEqual({ status_change_time: expect.any(Number), exteranalopenid: customer, agree_status: 'Agree' });
    expect((await call(base, 'msgaudit_groupchat_get', { ...q, body: { roomid: ext['roomid'] as string } })).errcode).toBe(code('MSGAUDIT_NOT_INTERNAL_GROUP'));
    const internal = (await chat(corp.corpid, { kind: 'group', msgtype: 'text', from: member })).json.message;
    const g = await call(base, 'msgaudit_groupchat_get', { ...q, body: { roomid: internal['roomid'] as string } });
    expect(g.json).toMatchObject({ errcode: 0, creator: member, notice: '', members: expect.arrayContaining([{ memberid: member, jointime: expect.any(Number) }]) });
    expect((await call(base, 'msgaudit_groupchat_get', { ...q, body: { roomid: 'wrnope' } })).errcode).toBe(code('INVALID_CHATID'));
    const state = await target.admin<{ robots: { robot_id: string }[] }>('GET', `/__mock/corps/${corp.corpid}/archive`);
    const robot = await call(base, 'msgaudit_get_robot_info', { token, query: { robot_id: state.json.robots[0]!.robot_id } });
    expect(robot.json?.['data']).toMatchObject({ robot_id: state.json.robots[0]!.robot_id, name: expect.any(String), creator_userid: expect.any(String) });
  });

  it('When new records are archived, then msgaudit_notify is emitted', async () => {
    const { corp } = await archiveCorp();
    await chat(corp.corpid, { msgtype: 'text' });
    const ev = await target.admin<{ events: { event: Record<string, unknown> }[] }>('GET', `/__mock/events?corpid=${corp.corpid}`);
    expect(ev.json.events.map((e) => e.event['Event'])).toContain('msgaudit_notify');
  });

  it('When a typical corp is created, then its archive holds demo chats of its customers and customer groups, readable under the first key', async () => {
    const { corp, sdk, from } = await archiveCorp();
    expect(from).toBeGreaterThan(0);
    const k = keyPair();
    await addKey(corp.corpid, k.publicPem);
    const records = await pullAll(sdk);
    expect(records).toHaveLength(from);
    const cc = await getToken(base, corp.corpid, corp.raw!.secrets.customer_contact);
    let groups = 0;
    let singles = 0;
    for (const r of records.slice(0, 200)) {
      expect(r.publickey_ver).toBe(1);
      const m = sdk.decryptData({ 1: k.privatePem }, r).message!;
      if (m['msgtype'] === undefined) continue; // switch
      const people = [m['from'], ...((m['tolist'] as string[]) ?? [])] as string[];
      const customer = people.find((u) => /^w[mo]/.test(u));
      if (!customer) continue;
      if (m['roomid']) {
        // An external room is a customer group: groupchat/get (doc path/92122) knows its chat_id and the customer.
        const g = await call(base, 'externalcontact_groupchat_get', { token: cc, body: { chat_id: m['roomid'] as string } });
        if (g.errcode !== 0) continue;
        const list = (g.json!['group_chat'] as { member_list: { userid: string }[] }).member_list.map((x) => x.userid);
        expect(list).toContain(customer);
        groups++;
      } else {
        // A 1:1 customer chat is between a member and a customer they follow (externalcontact/get, doc path/92114).
        const c = await call(base, 'externalcontact_get', { token: cc, query: { external_userid: customer } });
        expect(c.errcode).toBe(0);
        const member = people.find((u) => u !== customer)!;
        expect((c.json!['follow_user'] as { userid: string }[]).map((f) => f.userid)).toContain(member);
        singles++;
      }
    }
    expect(groups).toBeGreaterThan(0);
    expect(singles).toBeGreaterThan(0);
  });

  it('When a record was archived before any key was registered, then it carries version 0 and the SDK answers 10007', async () => {
    const { corp, sdk, from } = await archiveCorp();
    await chat(corp.corpid, { msgtype: 'text' });
    const [rec] = (await sdk.getChatData(from, 10, 5)).chatdata;
    expect(rec).toMatchObject({ publickey_ver: 0, encrypt_random_key: '' });
    expect(sdk.decryptData({}, rec!).ret).toBe(SdkError.NO_PRIVATE_KEY);
  });
});
