/**
 * 企业支付 on the pay host (api.mch.weixin.qq.com paths): every request is built and signed by the harness's own
 * WeChat Pay code (harness/wxpay.ts), and the answers' signatures are checked with it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startInProcessTarget, startTlsProxy } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, getToken } from '../../harness/client.js';
import { nonce, payCall, signed, signWithKey, toXml, workwxSignOf, type PayFields, type PayRoute } from '../../harness/wxpay.js';

const target = await suiteTarget();
const base = target.baseUrl;
const plain: PayRoute = { baseUrl: base };

interface Merchant { mch_id: string; key: string; corpid: string; balance: number; workwx_secret: string; cert?: { cert_pem: string; key_pem: string; ca_pem: string; p12_base64: string }; cert_fingerprint?: string }

/** A corp with its demo merchant, a member's openid and name. */
async function setup(): Promise<{ corpid: string; m: Merchant; openid: string; name: string; secret: string }> {
  const corp = await target.newCorp();
  const creds = corp.raw!.mchpay!;
  const mch_id = creds.merchants![0]!.mch_id!;
  const m = (await target.admin<Merchant>('GET', `/__mock/mchpay/merchants/${mch_id}`)).json;
  const token = await getToken(base, corp.corpid, corp.appSecret);
  const list = await call(base, 'user_simplelist', { token, query: { department_id: 1, fetch_child: 1 } });
  const userid = list.json!.userlist![0]!.userid!;
  const name = (await call(base, 'user_get', { token, query: { userid } })).json!.name!;
  const openid = (await call(base, 'user_convert_to_openid', { token, body: { userid } })).json!.openid!;
  expect(creds.workwx_secret).toBe(corp.raw!.areas!['mchpay']!.secret);
  return { corpid: corp.corpid, m, openid, name, secret: creds.workwx_secret! };
}

function redpack(s: { corpid: string; m: Merchant; openid: string; secret: string }, over: PayFields = {}): string {
  const f: PayFields = {
    nonce_str: nonce(), mch_billno: `B${Date.now()}`, mch_id: s.m.mch_id, wxappid: s.corpid, sender_name: '行政部', re_openid: s.openid,
    total_amount: 1000, wishing: '新年快乐', act_name: '年会', remark: '抽奖', ...over,
  };
  const withWorkwx = { ...f, workwx_sign: over['workwx_sign'] ?? workwxSignOf(f, 'redpack', s.secret) };
  return toXml(signed(withWorkwx, s.m.key));
}

function transfer(s: { corpid: string; m: Merchant; openid: string; secret: string }, over: PayFields = {}): string {
  const f: PayFields = {
    nonce_str: nonce(), sign_type: 'HMAC-SHA256', appid: s.corpid, mch_id: s.m.mch_id, partner_trade_no: `P${Date.now()}`, openid: s.openid, check_name: 'NO_CHECK',
    amount: 10000, desc: '六月差旅报销', spbill_create_ip: '10.0.0.1', ww_msg_type: 'NORMAL_MSG', act_name: '报销', ...over,
  };
  return toXml(signed({ ...f, workwx_sign: workwxSignOf(f, 'transfer', s.secret) }, s.m.key));
}

async function balance(mch_id: string): Promise<number> {
  return (await target.admin<Merchant>('GET', `/__mock/mchpay/merchants/${mch_id}`)).json.balance;
}

describe.skipIf(!target.isMock)('企业支付 on the pay host (mchpay)', () => {
  it('When a red packet is sent, then the balance pays it, a retry answers the same packet, the member opens it and the query follows', async () => {
    const s = await setup();
    const before = await balance(s.m.mch_id);
    const body = redpack(s, { mch_billno: 'RB0001' });
    const sent = await payCall(plain, 'mmpaymkttransfers_sendworkwxredpack', body);
    expect(sent.status).toBe(200);
    expect(sent.contentType).toMatch(/xml/);
    expect(sent.fields).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', mch_billno: 'RB0001', total_amount: '1000', re_openid: s.openid });
    // The answer is signed with the merchant key too.
    expect(sent.fields['sign']).toBe(signWithKey(sent.fields, s.m.key));
    expect(await balance(s.m.mch_id)).toBe(before - 1000);
    // Same order number and fields (a new nonce): the same packet, paid once.
    const again = await payCall(plain, 'mmpaymkttransfers_sendworkwxredpack', redpack(s, { mch_billno: 'RB0001' }));
    expect(again.fields['send_listid']).toBe(sent.fields['send_listid']);
    expect(await balance(s.m.mch_id)).toBe(before - 1000);
    // Same order number, other fields: refused.
    expect((await payCall(plain, 'mmpaymkttransfers_sendworkwxredpack', redpack(s, { mch_billno: 'RB0001', total_amount: 2000 }))).fields).toMatchObject({ result_code: 'FAIL', err_code: 'PARAM_ERROR' });

    const query = (): string => toXml(signed({ nonce_str: nonce(), mch_billno: 'RB0001', mch_id: s.m.mch_id, appid: s.corpid }, s.m.key));
    expect((await payCall(plain, 'mmpaymkttransfers_queryworkwxredpack', query())).fields).toMatchObject({ result_code: 'SUCCESS', status: 'SENT', detail_id: sent.fields['send_listid'], send_type: 'API' });
    const opened = await target.admin<{ status: string }>('POST', `/__mock/mchpay/merchants/${s.m.mch_id}/redpacks/RB0001/receive`);
    expect(opened.json.status).toBe('RECEIVED');
    const q = await payCall(plain, 'mmpaymkttransfers_queryworkwxredpack', query());
    expect(q.fields).toMatchObject({ status: 'RECEIVED', openid: s.openid, amount: '1000' });
    expect(q.fields['rcv_time']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const none = toXml(signed({ nonce_str: nonce(), mch_billno: 'NOPE', mch_id: s.m.mch_id, appid: s.corpid }, s.m.key));
    expect((await payCall(plain, 'mmpaymkttransfers_queryworkwxredpack', none)).fields).toMatchObject({ result_code: 'FAIL', err_code: 'NOT_FOUND' });
  });

  it('When a red packet is left unopened for a day, then the query answers REFUND and the money is back', async () => {
    const s = await setup();
    const before = await balance(s.m.mch_id);
    expect((await payCall(plain, 'mmpaymkttransfers_sendworkwxredpack', redpack(s, { mch_billno: 'RB0002', total_amount: 500 }))).fields['result_code']).toBe('SUCCESS');
    await target.admin('POST', '/__mock/clock', { corpid: s.corpid, advance_seconds: 86_401 });
    const q = await payCall(plain, 'mmpaymkttransfers_queryworkwxredpack', toXml(signed({ nonce_str: nonce(), mch_billno: 'RB0002', mch_id: s.m.mch_id, appid: s.corpid }, s.m.key)));
    expect(q.fields).toMatchObject({ status: 'REFUND', refund_amount: '500' });
    expect(await balance(s.m.mch_id)).toBe(before);
    expect((await target.admin('POST', `/__mock/mchpay/merchants/${s.m.mch_id}/redpacks/RB0002/receive`)).status).toBe(409);
  });

  it('When a red packet request is wrong, then the documented err_code answers it', async () => {
    const s = await setup();
    const send = async (over: PayFields): Promise<Record<string, string>> => (await payCall(plain, 'mmpaymkttransfers_sendworkwxredpack', redpack(s, over))).fields;
    expect(await send({ workwx_sign: 'BAD' })).toMatchObject({ return_code: 'SUCCESS', result_code: 'FAIL', err_code: 'SIGN_ERROR' });
    expect(await send({ total_amount: 50 })).toMatchObject({ err_code: 'MONEY_LIMIT' });
    expect(await send({ total_amount: 50, scene_id: 'PRODUCT_4' })).toMatchObject({ result_code: 'SUCCESS' });
    expect(await send({ re_openid: 'oNobody' })).toMatchObject({ err_code: 'OPENID_ERROR' });
    expect(await send({ wxappid: 'wwother' })).toMatchObject({ err_code: 'PARAM_ERROR' });
    // A request signed with another key.
    const forged = toXml(signed({ nonce_str: nonce(), mch_billno: 'X1', mch_id: s.m.mch_id, appid: s.corpid }, 'A'.repeat(32)));
    expect((await payCall(plain, 'mmpaymkttransfers_queryworkwxredpack', forged)).fields).toMatchObject({ err_code: 'SIGN_ERROR' });
    await target.admin('PATCH', `/__mock/mchpay/merchants/${s.m.mch_id}`, { balance: 999 });
    expect(await send({ total_amount: 1000 })).toMatchObject({ err_code: 'NOTENOUGH' });
    // Protocol faults: return_code FAIL.
    expect((await payCall(plain, 'mmpaymkttransfers_sendworkwxredpack', '<xml><mch_id>1</mch_id>')).fields).toMatchObject({ return_code: 'FAIL' });
    expect((await payCall(plain, 'mmpaymkttransfers_sendworkwxredpack', toXml({ mch_id: '999999999999', nonce_str: 'x' }))).fields).toMatchObject({ return_code: 'FAIL' });
  });

  it('When a member is paid (HMAC-SHA256), then the payment is idempotent, queryable and bounded per payment, per member and by the balance', async () => {
    const s = await setup();
    const before = await balance(s.m.mch_id);
    const pay = async (over: PayFields): Promise<Record<string, string>> => (await payCall(plain, 'mmpaymkttransfers_promotion_paywwsptrans2pocket', transfer(s, over))).fields;
    const paid = await pay({ partner_trade_no: 'T-1', amount: 12000 });
    expect(paid).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', partner_trade_no: 'T-1', mchid: s.m.mch_id, appid: s.corpid });
    expect(paid['payment_time']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((await pay({ partner_trade_no: 'T-1', amount: 12000 }))['payment_no']).toBe(paid['payment_no']);
    expect(await balance(s.m.mch_id)).toBe(before - 12000);
    expect(await pay({ partner_trade_no: 'T-1', amount: 13000 })).toMatchObject({ err_code: 'PARAM_ERROR' });

    const q = await payCall(plain, 'mmpaymkttransfers_promotion_querywwsptrans2pocket', toXml(signed({ nonce_str: nonce(), partner_trade_no: 'T-1', mch_id: s.m.mch_id, appid: s.corpid }, s.m.key)));
    expect(q.fields).toMatchObject({ result_code: 'SUCCESS', status: 'SUCCESS', detail_id: paid['payment_no'], payment_amount: '12000', desc: '六月差旅报销' });

    expect(await pay({ partner_trade_no: 'T-2', amount: 99 })).toMatchObject({ err_code: 'AMOUNT_LIMIT' });
    expect(await pay({ partner_trade_no: 'T-3', amount: 20001 })).toMatchObject({ err_code: 'AMOUNT_LIMIT' });
    // 120 + 90 yuan to one member in a day is over 200.
    expect(await pay({ partner_trade_no: 'T-4', amount: 9000 })).toMatchObject({ err_code: 'MONEY_LIMIT' });
    expect(await pay({ partner_trade_no: 'T-5', amount: 100, check_name: 'FORCE_CHECK', re_user_name: `${s.name}X` })).toMatchObject({ err_code: 'NAME_MISMATCH' });
    expect(await pay({ partner_trade_no: 'T-6', amount: 100, check_name: 'FORCE_CHECK', re_user_name: s.name })).toMatchObject({ result_code: 'SUCCESS' });
    expect(await pay({ partner_trade_no: 'T-7', amount: 100, ww_msg_type: 'APPROVAL_MSG' })).toMatchObject({ err_code: 'PARAM_ERROR' });
    // The next China day the member may be paid again.
    await target.admin('POST', '/__mock/clock', { corpid: s.corpid, advance_seconds: 86_400 });
    await target.admin('PATCH', `/__mock/mchpay/merchants/${s.m.mch_id}`, { balance: 5000 });
    expect(await pay({ partner_trade_no: 'T-8', amount: 9000 })).toMatchObject({ err_code: 'NOTENOUGH' });
    expect(await pay({ partner_trade_no: 'T-9', amount: 5000 })).toMatchObject({ result_code: 'SUCCESS' });
    expect(await balance(s.m.mch_id)).toBe(0);
  });

  it('When a merchant calls too often within a minute, then FREQ_LIMIT, and a minute later it may call again', async () => {
    // The corp's rate_limit_scale scales the merchant's window (1,800 a minute) down to 3.
    const corp = await target.newCorp({ settings: { rate_limit_scale: 3 / 1800 } });
    const m = corp.raw!.mchpay!.merchants![0]!;
    const query = (): string => toXml(signed({ nonce_str: nonce(), mch_billno: 'NONE', mch_id: m.mch_id!, appid: corp.corpid }, m.key!));
    for (let i = 0; i < 3; i++) expect((await payCall(plain, 'mmpaymkttransfers_queryworkwxredpack', query())).fields['err_code']).toBe('NOT_FOUND');
    expect((await payCall(plain, 'mmpaymkttransfers_queryworkwxredpack', query())).fields['err_code']).toBe('FREQ_LIMIT');
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 61 });
    expect((await payCall(plain, 'mmpaymkttransfers_queryworkwxredpack', query())).fields['err_code']).toBe('NOT_FOUND');
  });

  it.skipIf(process.env['WECOM_BASE_URL'] !== undefined)('When the pay host is reached over TLS through the proxy, then only the merchant\'s own API certificate is accepted (mutual TLS)', async () => {
    const caDir = mkdtempSync(join(tmpdir(), 'wecom-mock-mch-'));
    const mock = await startInProcessTarget({ caDir });
    const proxy = await startTlsProxy(mock.baseUrl, { caDir });
    try {
      const corp = await mock.newCorp();
      const secret = corp.raw!.mchpay!.workwx_secret!;
      const a = (await mock.admin<Merchant>('POST', '/__mock/mchpay/merchants', { corpid: corp.corpid, balance: 100_000, cert: true })).json;
      const b = (await mock.admin<Merchant>('POST', '/__mock/mchpay/merchants', { corpid: corp.corpid, cert: true })).json;
      expect(a.cert!.cert_pem).toContain('BEGIN CERTIFICATE');
      expect(a.cert!.p12_base64.length).toBeGreaterThan(100);
      const lacking = (await mock.admin<Merchant>('POST', '/__mock/mchpay/merchants', { corpid: corp.corpid })).json;
      const token = await getToken(mock.baseUrl, corp.corpid, corp.appSecret);
      const userid = (await call(mock.baseUrl, 'user_simplelist', { token, query: { department_id: 1, fetch_child: 1 } })).json!.userlist![0]!.userid!;
      const openid = (await call(mock.baseUrl, 'user_convert_to_openid', { token, body: { userid } })).json!.openid!;
      const s = { corpid: corp.corpid, m: a, openid, secret };
      const tlsRoute = (cert?: { cert_pem: string; key_pem: string }): PayRoute => ({ proxyUrl: proxy.proxyUrl!, ca: a.cert!.ca_pem, ...(cert && { cert: cert.cert_pem, key: cert.key_pem }) });

      const sent = await payCall(tlsRoute(a.cert), 'mmpaymkttransfers_sendworkwxredpack', redpack(s, { mch_billno: 'TLS1' }));
      expect(sent.fields).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS' });
      expect((await payCall(tlsRoute(), 'mmpaymkttransfers_sendworkwxredpack', redpack(s, { mch_billno: 'TLS2' }))).fields).toMatchObject({ err_code: 'CA_ERROR' });
      expect((await payCall(tlsRoute(b.cert), 'mmpaymkttransfers_sendworkwxredpack', redpack(s, { mch_billno: 'TLS3' }))).fields).toMatchObject({ err_code: 'CA_ERROR' });
      const l = { ...s, m: lacking };
      expect((await payCall(tlsRoute(a.cert), 'mmpaymkttransfers_sendworkwxredpack', redpack(l, { mch_billno: 'TLS4' }))).fields).toMatchObject({ err_code: 'CA_ERROR' });
      // On the plain listener the merchant is known by mch_id alone.
      expect((await payCall({ baseUrl: mock.baseUrl }, 'mmpaymkttransfers_sendworkwxredpack', redpack(s, { mch_billno: 'PLAIN1' }))).fields).toMatchObject({ result_code: 'SUCCESS' });
    } finally {
      await proxy.close();
      await mock.close();
    }
  });
});
