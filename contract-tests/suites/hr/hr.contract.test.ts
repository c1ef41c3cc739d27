import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

describe.skipIf(!target.isMock)('人事助手 (hr)', () => {
  it('When a member\'s roster is updated, then get_staff_info reads back the values, with per-item results for refused items', async () => {
    const { corp, token } = await areaCorp(target, 'hr');
    const fields = await call(base, 'hr_get_fields', { token });
    expect(fields.json!.group_list!.map((g) => g.group_id)).toContain(1001);
    const userid = corp.raw!.sample_userids![0]!;
    const up = await call(base, 'hr_update_staff_info', {
      token,
      body: {
        userid,
        update_items: [
          { fieldid: 11020, sub_idx: 0, value_string: '440300199001011234' },
          { fieldid: 11001, sub_idx: 0, value_string: '改名' },
          { fieldid: 12010, sub_idx: 0, value_uint32: 99 },
          { fieldid: 99999, sub_idx: 0, value_string: 'x' },
        ],
        remove_items: [{ group_type: 1, sub_idx: 5 }],
        insert_items: [{ group_type: 4, item: [{ fieldid: 17001, sub_idx: 0, value_string: '孙悟空' }, { fieldid: 17003, sub_idx: 0, value_mobile: { value_country_code: '86', value_mobile: '13800000000' } }] }],
      },
    });
    expect(up.errcode).toBe(0);
    expect(up.json!.update_results!.map((r) => r.result)).toEqual([1, 4, 4, 2]);
    expect(up.json!.remove_results).toEqual([{ group_type: 1, sub_idx: 5, result: 3 }]);
    const idx = up.json!.insert_results![0]!.idx!;
    expect(up.json!.insert_results![0]!.result).toBe(1);
    const got = await call(base, 'hr_get_staff_info', { token, body: { userid, fieldids: [{ fieldid: 11020, sub_idx: 0 }, { fieldid: 17001, sub_idx: idx }, { fieldid: 17003, sub_idx: idx }, { fieldid: 17001, sub_idx: idx + 1 }] } });
    expect(got.json!.field_info).toEqual([
      { fieldid: 11020, sub_idx: 0, result: 1, value_type: 1, value_string: '440300199001011234' },
      { fieldid: 17001, sub_idx: idx, result: 1, value_type: 1, value_string: '孙悟空' },
      { fieldid: 17003, sub_idx: idx, result: 1, value_type: 5, value_mobile: { value_country_code: '86', value_mobile: '13800000000' } },
      { fieldid: 17001, sub_idx: idx + 1, result: 3 },
    ]);
    const all = await call(base, 'hr_get_staff_info', { token, body: { userid, get_all: true } });
    expect(all.json!.field_info!.find((f) => f.fieldid === 11001)!.result).toBe(1);
    const rm = await call(base, 'hr_update_staff_info', { token, body: { userid, remove_items: [{ group_type: 4, sub_idx: idx }] } });
    expect(rm.json!.remove_results![0]!.result).toBe(1);
  });

  it('When the userid is unknown, then 60111 answers', async () => {
    const { corp, token } = await areaCorp(target, 'hr');
    expect((await call(base, 'hr_get_staff_info', { token, body: { userid: 'no-such-user', get_all: true } })).errcode).toBe(code('USERID_NOT_FOUND'));
  });
});
