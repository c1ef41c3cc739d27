import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

describe.skipIf(!target.isMock)('对外收款 (externalpay)', () => {
  it('When the demo merchant is read, then its bills and fund flow of the last day page, and unknown merchants are 660006', async () => {
    const { corp, token } = await areaCorp(target, 'externalpay');
    const mch_id = corp.raw!.merchants!.externalpay![0]!;
    const now = Math.floor((await target.admin<{ now_ms: number }>('GET', '/__mock/clock')).json.now_ms / 1000);
    expect((await call(base, 'externalpay_getmerchant', { token, body: { mch_id } })).json!.mch_id).toBe(mch_id);
    expect((await call(base, 'externalpay_getmerchant', { token, body: { mch_id: '1' } })).errcode).toBe(code('MERCHANT_MCH_ID_NOT_FOUND'));
    const bills = await call(base, 'externalpay_get_bill_list', { token, body: { begin_time: now - 86_400, end_time: now } });
    expect(bills.json!.bill_list!.length).toBeGreaterThan(3);
    const p1 = await call(base, 'externalpay_get_bill_list', { token, body: { begin_time: now - 86_400, end_time: now, limit: 2 } });
    const p2 = await call(base, 'externalpay_get_bill_list', { token, body: { begin_time: now - 86_400, end_time: now, limit: 2, cursor: p1.json!.next_cursor! } });
    expect([...p1.json!.bill_list!, ...p2.json!.bill_list!]).toEqual(bills.json!.bill_list!.slice(0, 4));
    const flow = await call(base, 'externalpay_get_fund_flow', { token, body: { begin_time: now - 86_400, end_time: now, mch_id } });
    expect(flow.json!.fund_flow_list!.length).toBe(bills.json!.bill_list!.length);
    expect((await call(base, 'externalpay_get_bill_list', { token, body: { begin_time: now - 2 * 86_400, end_time: now } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(base, 'externalpay_get_payment_info', { token, body: { payment_id: 'nope' } })).errcode).toBe(code('PAY_ORDER_NOT_FOUND'));
  });
});
