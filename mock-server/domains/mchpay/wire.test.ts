/** WeChat Pay's v2 wire format: known-answer signatures, workwx_sign's field subset, flat XML both ways. */
import { describe, expect, it } from 'vitest';
import { parsePayXml, paySign, renderPayXml, sameSign, workwxSign } from './wire.js';

// The worked example of WeChat Pay's signature rules (pay.weixin.qq.com "安全规范" → 签名算法).
const EXAMPLE = { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };
const KEY = '192006250b4c09247ec02edce69f6a2d';

describe('merchant-key sign', () => {
  it('When the documented example is signed, then MD5 and HMAC-SHA256 give the documented values', () => {
    expect(paySign(EXAMPLE, KEY, 'MD5')).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
    expect(paySign(EXAMPLE, KEY, 'HMAC-SHA256')).toBe('6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6');
  });

  it('When a field is empty or is the sign itself, then it is left out', () => {
    expect(paySign({ ...EXAMPLE, sign: 'X', attach: '' }, KEY, 'MD5')).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
    expect(sameSign('9a0a8659f005d6984697e2ca0a9cf3b7', '9A0A8659F005D6984697E2CA0A9CF3B7')).toBe(true);
    expect(sameSign('9A0A', '9A0A8659F005D6984697E2CA0A9CF3B7')).toBe(false);
  });
});

describe('workwx_sign', () => {
  it('When a red packet is signed, then only the seven documented fields and the secret count', () => {
    const f = { act_name: 'XXX', mch_billno: '11111234567890', mch_id: '10000098', nonce_str: 'qFKEgfig76DF9912fewmkp', re_openid: 'oxTWIuGaIt6gTKsQRLau2M0yL16E', total_amount: '100', wxappid: 'wx123456789' };
    const base = workwxSign(f, 'redpack', 'secret1');
    expect(base).toMatch(/^[0-9A-F]{32}$/);
    expect(workwxSign({ ...f, wishing: 'other', remark: 'fields' }, 'redpack', 'secret1')).toBe(base);
    expect(workwxSign({ ...f, total_amount: '101' }, 'redpack', 'secret1')).not.toBe(base);
    expect(workwxSign(f, 'redpack', 'secret2')).not.toBe(base);
  });
});

describe('flat XML', () => {
  it('When an answer is rendered and read back, then text survives in CDATA (even "]]>") and numbers are bare', () => {
    const text = renderPayXml({ return_code: 'SUCCESS', total_amount: 100, note: 'a]]>b', skipped: undefined });
    expect(text).toContain('<total_amount>100</total_amount>');
    expect(text).not.toContain('skipped');
    expect(parsePayXml(Buffer.from(text))).toEqual({ return_code: 'SUCCESS', total_amount: '100', note: 'a]]>b' });
  });

  it('When the body is no flat <xml> document, then it is refused', () => {
    expect(parsePayXml(Buffer.from('{"a":1}'))).toBeUndefined();
    expect(parsePayXml(Buffer.from('<root><a>1</a></root>'))).toBeUndefined();
    expect(parsePayXml(Buffer.from('<xml><a><b>1</b></a></xml>'))).toBeUndefined();
    expect(parsePayXml(Buffer.from('<!DOCTYPE xml [<!ENTITY e "x">]><xml><a>&e;</a></xml>'))).toBeUndefined();
  });
});
