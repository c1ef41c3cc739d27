import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

async function invoiceCorp() {
  const { corp, token } = await areaCorp(target, 'invoice');
  return { token, invoices: corp.raw!.invoices! };
}

describe.skipIf(!target.isMock)('电子发票 (card/invoice)', () => {
  it('When an invoice moves INIT → LOCK → CLOSURE, then each read shows the state and a move back from CLOSURE is 72024', async () => {
    const { token, invoices } = await invoiceCorp();
    const { card_id, encrypt_code } = invoices[0]! as { card_id: string; encrypt_code: string };
    const read = async () => (await call(base, 'card_invoice_reimburse_getinvoiceinfo', { token, body: { card_id, encrypt_code } })).json!.user_info!.reimburse_status;
    expect(await read()).toBe('INVOICE_REIMBURSE_INIT');
    expect((await call(base, 'card_invoice_reimburse_updateinvoicestatus', { token, body: { card_id, encrypt_code, reimburse_status: 'INVOICE_REIMBURSE_CLOSURE' } })).errcode).toBe(code('INVOICE_INVALID_STATUS'));
    expect((await call(base, 'card_invoice_reimburse_updateinvoicestatus', { token, body: { card_id, encrypt_code, reimburse_status: 'INVOICE_REIMBURSE_LOCK' } })).errcode).toBe(0);
    expect(await read()).toBe('INVOICE_REIMBURSE_LOCK');
    expect((await call(base, 'card_invoice_reimburse_updateinvoicestatus', { token, body: { card_id, encrypt_code, reimburse_status: 'INVOICE_REIMBURSE_CLOSURE' } })).errcode).toBe(0);
    expect(await read()).toBe('INVOICE_REIMBURSE_CLOSURE');
    expect((await call(base, 'card_invoice_reimburse_updateinvoicestatus', { token, body: { card_id, encrypt_code, reimburse_status: 'INVOICE_REIMBURSE_INIT' } })).errcode).toBe(code('INVOICE_INVALID_STATUS'));
    expect((await call(base, 'card_invoice_reimburse_getinvoiceinfo', { token, body: { card_id, encrypt_code: 'nope' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When a batch names another user\'s invoice, then nothing moves (72037); with only theirs, all lock together', async () => {
    const { token, invoices } = await invoiceCorp();
    const all = invoices as Array<{ card_id: string; encrypt_code: string; openid: string }>;
    const openid = all[0]!.openid;
    const mine = all.filter((i) => i.openid === openid).map(({ card_id, encrypt_code }) => ({ card_id, encrypt_code }));
    const other = all.find((i) => i.openid !== openid)!;
    const bad = await call(base, 'card_invoice_reimburse_updatestatusbatch', { token, body: { openid, reimburse_status: 'INVOICE_REIMBURSE_LOCK', invoice_list: [...mine, { card_id: other.card_id, encrypt_code: other.encrypt_code }] } });
    expect(bad.errcode).toBe(code('INVOICE_NOT_OWNED_BY_USER'));
    const batch = await call(base, 'card_invoice_reimburse_getinvoiceinfobatch', { token, body: { item_list: mine } });
    expect(batch.json!.item_list!.map((i) => i.user_info!.reimburse_status)).toEqual(mine.map(() => 'INVOICE_REIMBURSE_INIT'));
    expect((await call(base, 'card_invoice_reimburse_updatestatusbatch', { token, body: { openid, reimburse_status: 'INVOICE_REIMBURSE_LOCK', invoice_list: mine } })).errcode).toBe(0);
    const after = await call(base, 'card_invoice_reimburse_getinvoiceinfobatch', { token, body: { item_list: mine } });
    expect(after.json!.item_list!.map((i) => i.user_info!.reimburse_status)).toEqual(mine.map(() => 'INVOICE_REIMBURSE_LOCK'));
  });
});
