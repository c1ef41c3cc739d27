/**
 * Bench: smartsheet/get_records with a filter over 50,000 records on the in-process mock. The records go
 * in through add_records (500 per call); the query is a text CONTAINS AND a number range, sorted by the
 * number, first page of 100. Reports p50/p99 as the client sees them; the target is p99 < 50 ms.
 * `npm run bench` wires `benchWedocGetRecords` in (BENCH_ONLY=wedoc runs it alone).
 */
import { performance } from 'node:perf_hooks';
import { startMockServer } from '../mock-server/index.js';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export async function benchWedocGetRecords(opts: { records?: number; calls?: number; warmup?: number } = {}): Promise<Record<string, unknown>> {
  const total = opts.records ?? 50_000;
  const calls = opts.calls ?? 200;
  const warmup = opts.warmup ?? 20;
  const mock = await startMockServer({ demoCorp: false });
  try {
    const corp = (await (
      await fetch(`${mock.url}/__mock/corps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'empty', settings: { rate_limit_scale: 1000 } }) })
    ).json()) as { corpid: string; apps: Array<{ secret: string }> };
    const tok = ((await (await fetch(`${mock.url}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.apps[0]!.secret}`)).json()) as { access_token: string }).access_token;
    const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
      const r = await fetch(`${mock.url}/cgi-bin/wedoc/${path}?access_token=${tok}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const j = (await r.json()) as Record<string, unknown>;
      if (j['errcode'] !== 0) throw new Error(`${path}: ${JSON.stringify(j)}`);
      return j;
    };
    const docid = (await post('create_doc', { doc_type: 10, doc_name: 'bench' }))['docid'] as string;
    const sheet_id = ((await post('smartsheet/add_sheet', { docid, properties: { title: 'bench' } }))['properties'] as { sheet_id: string }).sheet_id;
    const fields = (await post('smartsheet/add_fields', {
      docid,
      sheet_id,
      fields: [
        { field_title: '名称', field_type: 'FIELD_TYPE_TEXT' },
        { field_title: '金额', field_type: 'FIELD_TYPE_NUMBER' },
        { field_title: '完成', field_type: 'FIELD_TYPE_CHECKBOX' },
      ],
    }))['fields'] as Array<{ field_id: string; field_title: string }>;
    const id = (t: string): string => fields.find((f) => f.field_title === t)!.field_id;
    const t0 = performance.now();
    for (let i = 0; i < total; i += 500) {
      const records = Array.from({ length: Math.min(500, total - i) }, (_, k) => {
        const n = i + k;
        return { values: { 名称: [{ type: 'text', text: `客户 ${n} ${n % 7 === 0 ? 'VIP' : 'std'}` }], 金额: (n * 37) % 10_000, 完成: n % 2 === 0 } };
      });
      await post('smartsheet/add_records', { docid, sheet_id, records });
    }
    const loadMs = performance.now() - t0;
    const query = JSON.stringify({
      docid,
      sheet_id,
      filter_spec: {
        conjunction: 'CONJUNCTION_AND',
        conditions: [
          { field_id: id('名称'), field_type: 'FIELD_TYPE_TEXT', operator: 'OPERATOR_CONTAINS', string_value: { value: ['VIP'] } },
          { field_id: id('金额'), field_type: 'FIELD_TYPE_NUMBER', operator: 'OPERATOR_IS_GREATER', number_value: { value: 5000 } },
        ],
      },
      sort: [{ field_title: '金额', desc: true }],
      limit: 100,
    });
    const url = `${mock.url}/cgi-bin/wedoc/smartsheet/get_records?access_token=${tok}`;
    const times: number[] = [];
    let matched = 0;
    for (let i = 0; i < warmup + calls; i++) {
      const s = performance.now();
      const r = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query })).json()) as { errcode: number; total: number };
      const dt = performance.now() - s;
      if (r.errcode !== 0) throw new Error(`get_records: ${JSON.stringify(r)}`);
      matched = r.total;
      if (i >= warmup) times.push(dt);
    }
    times.sort((a, b) => a - b);
    const p99 = quantile(times, 0.99);
    return {
      name: 'smartsheet/get_records, filter over 50,000 records',
      records: total,
      matched,
      load_ms: Math.round(loadMs),
      calls,
      p50_ms: Math.round(quantile(times, 0.5) * 10) / 10,
      p99_ms: Math.round(p99 * 10) / 10,
      max_ms: Math.round((times[times.length - 1] ?? 0) * 10) / 10,
      ok: p99 < 50,
    };
  } finally {
    await mock.close();
  }
}
