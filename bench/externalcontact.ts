/**
 * batch/get_by_user over one member with 10,000 customers: pages through all of them with the largest page
 * (100) and checks every customer comes exactly once, in order, with an empty next_cursor at the end.
 *
 *   import { benchExternalContactGetByUser } from './externalcontact.js';
 *   const figures = await benchExternalContactGetByUser();   // { customers, pages, seconds, pages_per_second, p50_ms, p99_ms, ok }
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../mock-server/index.js';
import { simulateCustomerAdd } from '../mock-server/domains/externalcontact/index.js';

export interface GetByUserFigures {
  name: 'externalcontact_get_by_user';
  customers: number;
  pages: number;
  seconds: number;
  pages_per_second: number;
  p50_ms: number;
  p99_ms: number;
  /** Every customer seen once, in order, and the last next_cursor empty. */
  ok: boolean;
}

export async function benchExternalContactGetByUser(customers = 10_000): Promise<GetByUserFigures> {
  const app = createApp({ demoCorp: false, log: () => {} });
  const corp = app.createCorp({ scenario: 'typical', settings: { rate_limit_scale: 1000 } });
  const userid = [...corp.domains.contacts.users.values()].find((m) => m.status === 1)!.userid;
  const expected: string[] = [];
  for (let i = 0; i < customers; i++) expected.push(simulateCustomerAdd(corp, { userid }).result['external_userid'] as string);
  const server = createServer(app.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const tok = (await (await fetch(`${base}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.secrets.customer_contact}`)).json()) as { access_token: string };
    const seen: string[] = [];
    const times: number[] = [];
    let cursor = '';
    let pages = 0;
    const t0 = performance.now();
    for (;;) {
      const s = performance.now();
      const r = await fetch(`${base}/cgi-bin/externalcontact/batch/get_by_user?access_token=${tok.access_token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid_list: [userid], cursor, limit: 100 }),
      });
      const j = (await r.json()) as { errcode: number; external_contact_list: Array<{ external_contact: { external_userid: string } }>; next_cursor: string };
      times.push(performance.now() - s);
      pages++;
      if (j.errcode !== 0) break;
      for (const row of j.external_contact_list) seen.push(row.external_contact.external_userid);
      if (!j.next_cursor) break;
      cursor = j.next_cursor;
    }
    const seconds = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 100) / 100;
    const ok = seen.length === expected.length && seen.every((id, i) => id === expected[i]);
    return { name: 'externalcontact_get_by_user', customers, pages, seconds, pages_per_second: Math.round(pages / seconds), p50_ms: q(0.5), p99_ms: q(0.99), ok };
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}
