import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

async function payCorp() {
  const { corp, token } = await areaCorp(target, 'miniapppay');
  const m = corp.raw!.merchants!.miniapppay![0]! as { mchid: string; appid: string; key: string };
  const now = Math.floor((await target.admin<{ now_ms: number }>('GET', '/__mock/clock')).json.now_ms / 1000);
  return { token, m, now, corpid: corp.corpid };
}

describe.skipIf(!target.isMock)('小程序支付 (miniapppay)', () => {
  it('When an order is created, then it reads NOTPAY, its pay_sign verifies with the merchant key, a nonce is single-use, and closing it makes it CLOSED', async () => {
    const { token, m, now } = await payCorp();
    const body = { appid: m.appid, mchid: m.mchid, out_trade_no: 'o-1', description: '咖啡', amount: { total: 1800, currency: 'CNY' }, payer: { openid: 'oX' } };
    const made = await call(base, 'miniapppay_create_order', { token, body });
    expect(made.errcode).toBe(0);
    expect((await call(base, 'miniapppay_create_order', { token, body })).errcode).toBe(code('PAY_ORDER_EXISTED'));
    expect((await call(base, 'miniapppay_get_order', { token, body: { mchid: m.mchid, out_trade_no: 'o-1' } })).json).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 1800 } });
    const prepay_id = made.json!.prepay_id!;
    const signed = await call(base, 'miniapppay_get_sign', { token, body: { appid: m.appid, prepay_id, sign_type: 'RSA', nonce: 'n1', timestamp: now } });
    const expected = createHmac('sha256', m.key).update(`${m.appid}\n${now}\nn1\nprepay_id=${prepay_id}\n`).digest('base64');
    expect(signed.json!.pay_sign).toBe(expected);
    expect((await call(base, 'miniapppay_get_sign', { token, body: { appid: m.appid, prepay_id, sign_type: 'RSA', nonce: 'n1', timestamp: now } })).errcode).toBe(code('PAY_NONCE_REPLAYED'));
    expect((await call(base, 'miniapppay_get_sign', { token, body: { appid: m.appid, prepay_id, sign_type: 'RSA', nonce: 'n2', timestamp: now - 3600 } })).errcode).toBe(code('PAY_INVALID_TIMESTAMP'));
    expect((await call(base, 'miniapppay_close_order', { token, body: { mchid: m.mchid, out_trade_no: 'o-1' } })).errcode).toBe(0);
    expect((await call(base, 'miniapppay_get_order', { token, body: { mchid: m.mchid, out_trade_no: 'o-1' } })).json!.trade_state).toBe('CLOSED');
    expect((await call(base, 'miniapppay_refund', { token, body: { mchid: m.mchid, out_trade_no: 'o-1', out_refund_no: 'r', amount: { refund: 1 } } })).errcode).toBe(code('PAY_INVALID_ORDER_STATUS'));
  });

  it('When a paid order is refunded, then over-refunds are refused and the refund settles 60 s later', async () => {
    const { token, m, corpid } = await payCorp();
    const refund = (out_refund_no: string, n: number) => call(base, 'miniapppay_refund', { token, body: { mchid: m.mchid, out_trade_no: 'demo-0002', out_refund_no, amount: { refund: n, total: 200, currency: 'CNY' } } });
    expect((await refund('r1', 150)).errcode).toBe(0);
    expect((await refund('r1', 10)).errcode).toBe(code('PAY_REFUND_NO_EXISTED'));
    expect((await refund('r2', 51)).errcode).toBe(code('PAY_REFUND_EXCEEDS_PAYMENT'));
    expect((await refund('r3', 0)).errcode).toBe(code('PAY_REFUND_AMOUNT_ZERO'));
    expect((await call(base, 'miniapppay_get_refund_detail', { token, body: { mchid: m.mchid, out_refund_no: 'r1' } })).json!.status).toBe('PROCESSING');
    await target.admin('POST', '/__mock/clock', { corpid, advance_seconds: 61 });
    expect((await call(base, 'miniapppay_get_refund_detail', { token, body: { mchid: m.mchid, out_refund_no: 'r1' } })).json).toMatchObject({ status: 'SUCCESS', amount: { refund: 150 } });
    expect((await call(base, 'miniapppay_get_order', { token, body: { mchid: m.mchid, out_trade_no: 'demo-0002' } })).json!.trade_state).toBe('REFUND');
  });

  it('When a sub-merchant applyment is filed, then its state advances with the mock clock', async () => {
    const { token, corpid } = await payCorp();
    expect((await call(base, 'miniapppay_apply_mch', { token, body: { out_request_no: 'req-1' } })).errcode).toBe(0);
    const state = async () => (await call(base, 'miniapppay_get_applyment_status', { token, body: { out_request_no: 'req-1' } })).json!.status!.applyment_state;
    expect(await state()).toBe('CHECKING');
    await target.admin('POST', '/__mock/clock', { corpid, advance_seconds: 61 });
    expect(await state()).toBe('AUDITING');
    await target.admin('POST', '/__mock/clock', { corpid, advance_seconds: 600 });
    expect(await state()).toBe('NEED_SIGN');
  });
});
