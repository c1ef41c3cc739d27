import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const now = () => Math.floor(Date.now() / 1000);

describe.skipIf(!target.isMock)('公费电话 (dial)', () => {
  it('When the demo corp reads its call records, then they are newest first inside the window, paged by offset', async () => {
    const { corp, token } = await areaCorp(target, 'dial');
    const all = await call(base, 'dial_get_dial_record', { token, body: {} });
    expect(all.errcode).toBe(0);
    const rec = all.json!.record!;
    expect(rec.length).toBeGreaterThan(5);
    for (let i = 1; i < rec.length; i++) expect(rec[i - 1]!.call_time!).toBeGreaterThanOrEqual(rec[i]!.call_time!);
    for (const r of rec) expect(r.total_duration).toBe(Math.max(r.caller!.duration!, ...r.callee!.map((c) => c.duration!)));
    const page = await call(base, 'dial_get_dial_record', { token, body: { start_time: now() - 30 * 86400, end_time: now(), offset: 2, limit: 3 } });
    expect(page.json!.record).toEqual(rec.slice(2, 5));
  });

  it('When the span is over 30 days or reversed, then 40058 answers', async () => {
    const { corp, token } = await areaCorp(target, 'dial');
    expect((await call(base, 'dial_get_dial_record', { token, body: { start_time: now() - 40 * 86400, end_time: now() } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(base, 'dial_get_dial_record', { token, body: { start_time: now(), end_time: now() - 5 } })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});
