/**
 * 公费电话 call records (doc path/93662). Demo corps get a few weeks of calls drawn from the domain's own rng;
 * `record(corp, call)` adds one (tests, simulations).
 */
import { invalidParameter, err } from '../../core/errors/index.js';
import { Rng } from '../../core/runtime/rng.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import { defineRoutes, type Domain } from '../types.js';
import { areaDomain } from '../demo.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface DialCall {
  call_time: number;
  call_type: 1 | 2;
  caller: { userid: string; duration: number };
  callee: Array<{ userid?: string; phone?: string; duration: number }>;
}

export class DialState {
  /** Calls by call_time, oldest first. */
  readonly calls: DialCall[] = [];
  record(c: DialCall): void {
    let i = this.calls.length;
    while (i > 0 && this.calls[i - 1]!.call_time > c.call_time) i--;
    this.calls.splice(i, 0, c);
  }
}

const MAX_SPAN = 30 * 86_400;

export const dialRoutes = defineRoutes({
  dial_get_dial_record: (ctx) => {
    // 公费电话 APIs answer its system secret and its 可调用接口的应用 (doc path/93662); others → 48002.
    if (!mayCallArea(ctx.corp, ctx.token, 'dial')) throw err('API_FORBIDDEN');
    const now = ctx.clock.nowSec();
    const end = ctx.body.end_time ?? (ctx.body.start_time !== undefined ? ctx.body.start_time + MAX_SPAN : now);
    const start = ctx.body.start_time ?? end - MAX_SPAN;
    if (end < start) throw invalidParameter('end_time is earlier than start_time');
    if (end - start > MAX_SPAN) throw invalidParameter('time range exceeds 30 days');
    const offset = ctx.body.offset ?? 0;
    const limit = ctx.body.limit ?? 100;
    const hits = ctx.corp.domains.dial.calls.filter((c) => c.call_time >= start && c.call_time <= end).reverse();
    return {
      record: hits.slice(offset, offset + limit).map((c) => ({
        call_time: c.call_time,
        total_duration: Math.max(c.caller.duration, ...c.callee.map((x) => x.duration)),
        call_type: c.call_type,
        caller: { ...c.caller },
        callee: c.callee.map((x) => ({ ...x })),
      })),
    };
  },
});

function seedDial(rng: Rng, userids: string[], nowSec: number, demo: boolean): DialState {
  const s = new DialState();
  if (!demo || userids.length < 2) return s;
  const callers = userids.slice(0, Math.min(6, userids.length));
  for (let i = 0; i < 24; i++) {
    const at = nowSec - rng.range(3600, 25 * 86_400);
    const caller = rng.pick(callers);
    const talk = rng.range(5, 900);
    const conference = rng.chance(0.2);
    const callee = conference
      ? userids.filter((u) => u !== caller).slice(0, 3).map((userid) => ({ userid, duration: rng.range(1, talk) }))
      : [rng.chance(0.5) ? { phone: `138${rng.string(8, '0123456789')}`, duration: talk } : { userid: rng.pick(userids.filter((u) => u !== caller)), duration: talk }];
    s.record({ call_time: at, call_type: conference ? 2 : 1, caller: { userid: caller, duration: talk }, callee });
  }
  return s;
}

/** 公费电话 — call records. */
export const dialDomain: Domain<'dial', DialState> = {
  ...areaDomain('dial', (b) => seedDial(b.rng, b.userids(), b.nowSec, b.demo)),
  routes: dialRoutes,
};

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(DialState);
