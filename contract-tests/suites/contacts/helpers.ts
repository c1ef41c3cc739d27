/** Shared setup of the contacts suites: a fresh corp with a contacts-sync token and an app token. */
import type { Target, TestCorp } from '../../harness/target.js';
import { expect, it } from 'vitest';
import { call, getToken } from '../../harness/client.js';

export interface ContactsCorp {
  corp: TestCorp;
  /** Token of the contacts-sync secret (the only one that may write). */
  sync: string;
  /** Token of the corp's first app (visible range: the whole corp). */
  app: string;
  /** The change_contact events the corp emitted since `since` (control plane). */
  events(since?: number): Promise<Array<{ seq: number; event: Record<string, unknown> }>>;
}

export async function contactsCorp(target: Target, options: Parameters<Target['newCorp']>[0] = {}): Promise<ContactsCorp> {
  const corp = await target.newCorp(options);
  const sync = await getToken(target, corp.corpid, corp.contactsSecret!);
  const app = await getToken(target, corp.corpid, corp.appSecret);
  return {
    corp,
    sync,
    app,
    events: async (since = 0) => {
      const r = await target.admin<{ events: Array<{ seq: number; event: Record<string, unknown> }> }>(
        'GET',
        `/__mock/events?corpid=${corp.corpid}&since=${since}`,
      );
      return r.json.events.filter((e) => e.event['Event'] === 'change_contact');
    },
  };
}

/**
 * The suites' `it`, with a fresh corp of the default scenario as the `c` fixture (vitest test.extend: made
 * only for the tests that ask for it, one per test). Tests that need another scenario call contactsCorp.
 */
export function contactsIt(target: Target) {
  return it.extend<{ c: ContactsCorp }>({
    // The empty pattern is how vitest reads which other fixtures this one needs (none).
    c: async ({}, use) => {
      await use(await contactsCorp(target));
    },
  });
}

/** A valid user/create body; `extra` overrides fields. */
export function member(userid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { userid, name: `N ${userid}`, department: [1], email: `${userid.toLowerCase()}@example.test`, ...extra };
}

/** The last event sequence number of a corp (to read only what a step emits). */
export async function lastSeq(c: ContactsCorp): Promise<number> {
  const all = await c.events();
  return all.length > 0 ? all[all.length - 1]!.seq : 0;
}

/** Every userid of the corp, sorted (user/list_id, all pages; the token's visible range). */
export async function allUserids(target: Target, token: string): Promise<string[]> {
  const ids = new Set<string>();
  let cursor = '';
  for (;;) {
    const r = await call(target, 'user_list_id', { token, body: { cursor, limit: 10000 } });
    expect(r.errcode).toBe(0);
    for (const row of r.json?.['dept_user'] as Array<{ userid: string }>) ids.add(row.userid);
    cursor = r.json?.['next_cursor'] as string;
    if (!cursor) return [...ids].sort();
  }
}
