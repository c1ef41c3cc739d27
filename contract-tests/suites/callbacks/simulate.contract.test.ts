/**
 * Simulation: every message and event type the mock sends opens on a receiver that uses the harness's own
 * crypto, with WeCom's element names (doc path/90239, 90240, wenerme/go-wecom wecom/testdata/push/*.xml).
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { ReceiverCrypto } from '../../harness/crypto.js';
import { CallbackReceiver } from '../../harness/receiver.js';
import { call, getToken } from '../../harness/client.js';
import { appReceiver, withAppReceiver, drain, outboxEntry, simulate, xmlField } from './helpers.js';

const target = await suiteTarget();

const MESSAGES: Array<[string, string[]]> = [
  ['text', ['Content']],
  ['image', ['PicUrl', 'MediaId']],
  ['voice', ['MediaId', 'Format']],
  ['video', ['MediaId', 'ThumbMediaId']],
  ['location', ['Location_X', 'Location_Y', 'Scale', 'Label', 'AppType']],
  ['link', ['Title', 'Description', 'Url', 'PicUrl']],
];

const MEMBER_EVENTS: Array<[string, string[]]> = [
  ['subscribe', []],
  ['unsubscribe', []],
  ['enter_agent', ['EventKey']],
  ['LOCATION', ['Latitude', 'Longitude', 'Precision', 'AppType']],
  ['click', ['EventKey']],
  ['view', ['EventKey']],
  ['scancode_push', ['EventKey', 'ScanType', 'ScanResult']],
  ['scancode_waitmsg', ['EventKey', 'ScanType', 'ScanResult']],
  ['pic_sysphoto', ['EventKey', 'Count', 'PicMd5Sum']],
  ['pic_photo_or_album', ['EventKey', 'Count', 'PicMd5Sum']],
  ['pic_weixin', ['EventKey', 'Count', 'PicMd5Sum']],
  ['location_select', ['EventKey', 'Location_X', 'Location_Y', 'Scale', 'Label', 'Poiname']],
  ['template_card_event', ['EventKey', 'TaskId', 'CardType', 'ResponseCode', 'QuestionKey', 'OptionId']],
];

const SYSTEM_EVENTS: Array<[string, Record<string, unknown>, string[]]> = [
  ['batch_job_result', {}, ['JobId', 'JobType', 'ErrCode', 'ErrMsg']],
  ['msgaudit_notify', {}, []],
  ['change_external_contact', { ChangeType: 'add_external_contact' }, ['ChangeType', 'UserID', 'ExternalUserID', 'WelcomeCode']],
  ['change_external_contact', { ChangeType: 'edit_external_contact' }, ['ChangeType', 'UserID', 'ExternalUserID']],
  ['change_external_contact', { ChangeType: 'add_half_external_contact' }, ['ChangeType', 'UserID', 'ExternalUserID']],
  ['change_external_contact', { ChangeType: 'del_external_contact' }, ['ChangeType', 'UserID', 'ExternalUserID']],
  ['change_external_contact', { ChangeType: 'del_follow_user' }, ['ChangeType', 'UserID', 'ExternalUserID']],
  ['change_external_contact', { ChangeType: 'transfer_fail' }, ['ChangeType', 'FailReason', 'UserID', 'ExternalUserID']],
  ['change_external_chat', { ChangeType: 'create' }, ['ChatId', 'ChangeType']],
  ['change_external_chat', { ChangeType: 'update' }, ['ChatId', 'ChangeType', 'UpdateDetail', 'JoinScene', 'QuitScene', 'MemChangeCnt']],
  ['change_external_chat', { ChangeType: 'dismiss' }, ['ChatId', 'ChangeType']],
  ['change_external_tag', { ChangeType: 'create' }, ['Id', 'TagType', 'ChangeType']],
  ['change_external_tag', { ChangeType: 'update' }, ['Id', 'TagType', 'ChangeType']],
  ['change_external_tag', { ChangeType: 'delete' }, ['Id', 'TagType', 'ChangeType']],
  ['change_external_tag', { ChangeType: 'shuffle' }, ['Id', 'ChangeType']],
];

function hasElement(xml: string, name: string): boolean {
  return new RegExp(`<${name}>`).test(xml);
}

describe.skipIf(!target.isMock)('simulation', () => {
  it('When every message and event type is simulated, then a receiver with the harness crypto opens each one and finds its fields', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid, userid }) => {
      const expected: Array<{ id: string; type: string; fields: string[] }> = [];
      for (const [msgtype, fields] of MESSAGES) {
        const r = await simulate(target, 'message', { corpid: corp.corpid, agentid, userid, msgtype });
        expected.push({ id: r.id!, type: msgtype, fields: ['MsgId', ...fields] });
      }
      for (const [event, fields] of MEMBER_EVENTS) {
        const r = await simulate(target, 'event', { corpid: corp.corpid, agentid, userid, event });
        expected.push({ id: r.id!, type: event, fields: ['Event', ...fields] });
      }
      for (const [event, extra, fields] of SYSTEM_EVENTS) {
        const r = await simulate(target, 'event', { corpid: corp.corpid, event, agentid, userid, fields: extra });
        expected.push({ id: r.id!, type: event, fields: ['Event', ...fields] });
      }
      await drain(target, corp.corpid);
      const posts = receiver.received.filter((r) => r.method === 'POST');
      expect(posts.map((p) => p.error)).toEqual(posts.map(() => undefined));
      expect(posts).toHaveLength(expected.length);
      for (const [i, want] of expected.entries()) {
        const xml = posts[i]!.opened!.plaintext;
        const entry = await outboxEntry(target, corp.corpid, want.id);
        expect(entry.state, want.type).toBe('delivered');
        expect(xml, want.type).toBe(entry.plaintext);
        expect(posts[i]!.opened!.receiveId).toBe(corp.corpid);
        expect(xmlField(xml, 'ToUserName')).toBe(corp.corpid);
        for (const f of want.fields) expect(hasElement(xml, f), `${want.type} has <${f}>`).toBe(true);
        if (MESSAGES.some(([t]) => t === want.type)) expect(xmlField(xml, 'MsgType')).toBe(want.type);
        else expect(xmlField(xml, 'MsgType')).toBe('event');
      }
    }));

  it('When a scancode or picture event is sent, then its structured fields arrive as nested elements', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid, userid }) => {
      // A member can only scan from a button of the app's menu: publish one with the key k1.
      const token = await getToken(target, corp.corpid, corp.appSecret);
      const menu = { button: [{ type: 'scancode_waitmsg', name: '扫码', key: 'k1' }, { type: 'pic_weixin', name: '相册', key: 'p1' }] };
      expect((await call(target, 'menu_create', { token, query: { agentid }, body: menu })).errcode).toBe(0);
      await simulate(target, 'event', {
        corpid: corp.corpid,
        agentid,
        userid,
        event: 'scancode_waitmsg',
        fields: { EventKey: 'k1', ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'hello' } },
      });
      await simulate(target, 'event', {
        corpid: corp.corpid,
        agentid,
        userid,
        event: 'pic_weixin',
        fields: { SendPicsInfo: { Count: 2, PicList: { item: [{ PicMd5Sum: 'aaa' }, { PicMd5Sum: 'bbb' }] } } },
      });
      await drain(target, corp.corpid);
      const [scan, pics] = receiver.plaintexts();
      expect(scan).toContain('<EventKey><![CDATA[k1]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[hello]]></ScanResult></ScanCodeInfo>');
      expect(pics).toContain(
        '<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[aaa]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[bbb]]></PicMd5Sum></item></PicList></SendPicsInfo>',
      );
    }));

  it('When a member outside the app’s visible range sends a message, then the simulation is refused with 409', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid }) => {
      const userid = corp.raw!.sample_userids![0]!;
      const narrowed = await target.admin('PATCH', `/__mock/corps/${corp.corpid}/apps/${agentid}`, { allow_party: [], allow_user: [], allow_tag: [] });
      expect(narrowed.status).toBe(200);
      const r = await target.admin<{ error: { code: string } }>('POST', '/__mock/simulate/message', { corpid: corp.corpid, agentid, userid, msgtype: 'text' });
      expect(r.status).toBe(409);
      expect(r.json.error.code).toBe('not_in_visible_range');
    }));

  it('When a simulation names unknown fields, an unknown member or a mistyped value, then it is refused with a clear 4xx', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid, userid }) => {
      const bad = async (body: Record<string, unknown>, kind: 'message' | 'event' = 'message') =>
        target.admin<{ error: { code: string; message: string } }>('POST', `/__mock/simulate/${kind}`, { corpid: corp.corpid, agentid, ...body });
      const unknownField = await bad({ userid, msgtype: 'text', fields: { Nope: 'x' } });
      expect([unknownField.status, unknownField.json.error.code]).toEqual([400, 'bad_fields']);
      expect(unknownField.json.error.message).toContain('Content');
      const mistyped = await bad({ userid, msgtype: 'location', fields: { Scale: 'big' } });
      expect([mistyped.status, mistyped.json.error.code]).toEqual([400, 'bad_fields']);
      const nobody = await bad({ userid: 'no-such-member', msgtype: 'text' });
      expect([nobody.status, nobody.json.error.code]).toEqual([404, 'user_not_found']);
      const badType = await bad({ userid, msgtype: 'sticker' });
      expect(badType.status).toBe(400);
      const badChange = await bad({ userid, event: 'change_external_chat', fields: { ChangeType: 'explode' } }, 'event');
      expect([badChange.status, badChange.json.error.code]).toEqual([400, 'bad_fields']);
      const noApp = await target.admin<{ error: { code: string } }>('POST', '/__mock/simulate/message', {
        corpid: corp.corpid,
        agentid: 999,
        userid,
        msgtype: 'text',
      });
      expect([noApp.status, noApp.json.error.code]).toEqual([404, 'app_not_found']);
    }));

  it('When the app has no callback URL, then a simulation answers 409, unless allow_undelivered', async () => {
    const corp = await target.newCorp();
    const app = corp.raw!.apps[0]!;
    const userid = corp.raw!.sample_userids![0]!;
    const r = await target.admin<{ error: { code: string } }>('POST', '/__mock/simulate/message', { corpid: corp.corpid, agentid: app.agentid, userid, msgtype: 'text' });
    expect([r.status, r.json.error.code]).toEqual([409, 'no_receiver']);
    const ok = await simulate(target, 'message', { corpid: corp.corpid, agentid: app.agentid, userid, msgtype: 'text', allow_undelivered: true });
    expect(ok.id).toBeNull();
    const events = await target.admin<{ events: Array<{ seq: number; event: Record<string, unknown> }> }>('GET', `/__mock/events?corpid=${corp.corpid}`);
    expect(events.json.events.find((e) => e.seq === ok.seq)?.event['MsgType']).toBe('text');
  });

  it('When the admin changes an app’s visible range, then members leaving get unsubscribe and members entering get subscribe', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid }) => {
      const [a, b] = corp.raw!.sample_userids!;
      const narrowed = await target.admin('PATCH', `/__mock/corps/${corp.corpid}/apps/${agentid}`, { allow_party: [], allow_user: [a!] });
      expect(narrowed.status).toBe(200);
      await drain(target, corp.corpid);
      const afterNarrow = receiver.plaintexts();
      expect(afterNarrow.every((x) => xmlField(x, 'Event') === 'unsubscribe')).toBe(true);
      expect(afterNarrow.map((x) => xmlField(x, 'FromUserName'))).toContain(b);
      expect(afterNarrow.map((x) => xmlField(x, 'FromUserName'))).not.toContain(a);
      const before = afterNarrow.length;
      await target.admin('PATCH', `/__mock/corps/${corp.corpid}/apps/${agentid}`, { allow_user: [a!, b!] });
      await drain(target, corp.corpid);
      const added = receiver.plaintexts().slice(before);
      expect(added.map((x) => [xmlField(x, 'Event'), xmlField(x, 'FromUserName'), xmlField(x, 'AgentID')])).toEqual([['subscribe', b, String(agentid)]]);
    }));

  it('When a member is created through the API, then the 通讯录同步 callback receives change_contact without AgentID and apps seeing the whole corp receive it too', async () => {
    const corp = await target.newCorp();
    const { receiver: appRx, agentid } = await appReceiver(target, corp);
    const creds = await target.admin<{ receivers: Array<{ receiver: string; token: string; encoding_aes_key: string }> }>(
      'GET',
      `/__mock/callbacks/config?corpid=${corp.corpid}`,
    );
    const sync = creds.json.receivers.find((r) => r.receiver === 'contacts')!;
    const syncRx = await CallbackReceiver.start(new ReceiverCrypto(sync.token, sync.encoding_aes_key, corp.corpid));
    try {
      const put = await target.admin('PUT', '/__mock/callbacks/config', { corpid: corp.corpid, receiver: 'contacts', url: syncRx.url });
      expect(put.status).toBe(200);
      const token = await getToken(target.baseUrl, corp.corpid, corp.contactsSecret!);
      const created = await call(target.baseUrl, 'user_create', { token, body: { userid: 'cbtest01', name: '回调', department: [1], mobile: '13800000123' } });
      expect(created.errcode, created.text).toBe(0);
      await drain(target, corp.corpid);
      const syncXml = syncRx.plaintexts().find((x) => xmlField(x, 'ChangeType') === 'create_user')!;
      expect(xmlField(syncXml, 'Event')).toBe('change_contact');
      expect(xmlField(syncXml, 'FromUserName')).toBe('sys');
      expect(xmlField(syncXml, 'UserID')).toBe('cbtest01');
      expect(syncXml).not.toContain('<AgentID>');
      const syncPost = syncRx.received.find((r) => r.opened?.plaintext === syncXml)!;
      expect(syncPost.opened!.agentId).toBe('');
      const appXml = appRx.plaintexts().find((x) => xmlField(x, 'ChangeType') === 'create_user');
      expect(appXml && xmlField(appXml, 'UserID')).toBe('cbtest01');
      const appPost = appRx.received.find((r) => r.opened?.plaintext === appXml)!;
      expect(appPost.opened!.agentId).toBe(String(agentid));
    } finally {
      await appRx.close();
      await syncRx.close();
    }
  });
});
