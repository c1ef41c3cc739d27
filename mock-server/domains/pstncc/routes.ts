import { invalidParameter, ERRCODES } from '../../core/errors/index.js';
import { areaState } from '../../core/tenancy/access.js';
import { defineRoutes, type Ctx } from '../types.js';
import { RING_TIMEOUT_SECONDS, type Call, type PstnccState } from './state.js';
import { chinaDateTime } from '../../core/runtime/china-day.js';

/** 紧急通知 APIs answer its system secret and its 可调用接口的应用 (doc path/91623); others → 48002. */
function state(ctx: Ctx): PstnccState {
  return areaState(ctx, 'pstncc');
}

/** `6-<YYYYMMDDhhmmss><9 digits>-<15 hex>-out`, the shape of the examples' callids. */
function callid(ctx: Ctx, sec: number): string {
  const d = chinaDateTime(sec).replace(/\D/g, '');
  return `6-${d}${ctx.rng.digits(9)}-${ctx.rng.hex(15)}-out`;
}

/** Draws the call's course and books each step on the corp's scheduler. */
function place(ctx: Ctx, s: PstnccState, userid: string): Call {
  const now = ctx.clock.nowSec();
  const c: Call = { callid: callid(ctx, now), userid, placedSec: now, phase: 0, calltime: 0, talktime: 0 };
  s.calls.set(c.callid, c);
  const answered = ctx.rng.next() < 0.75;
  const at = (sec: number) => (c.placedSec + sec) * 1000;
  if (answered) {
    const ring = 3 + ctx.rng.int(20);
    const talk = 5 + ctx.rng.int(56);
    ctx.corp.timers.at(at(ring), `pstncc answer ${c.callid}`, 'state.assign', { target: c, values: { phase: 1, calltime: c.placedSec + ring } });
    ctx.corp.timers.at(at(ring + talk), `pstncc hang up ${c.callid}`, 'state.assign', { target: c, values: { phase: 2, talktime: talk } });
  } else {
    ctx.corp.timers.at(at(RING_TIMEOUT_SECONDS), `pstncc no answer ${c.callid}`, 'state.assign', { target: c, values: { phase: 3 } });
  }
  return c;
}

export const pstnccRoutes = defineRoutes({
  pstncc_call: (ctx) => {
    const s = state(ctx);
    const contacts = ctx.corp.domains.contacts;
    const states = [...new Set(ctx.body.callee_userid)].map((userid) => {
      const m = contacts.getUser(userid);
      if (!m || m.status !== 1) return { code: ERRCODES.USERID_NOT_FOUND, callid: '', userid };
      if (!m.mobile) return { code: ERRCODES.INVALID_PHONE_NUMBER, callid: '', userid };
      return { code: 0, callid: place(ctx, s, m.userid).callid, userid: m.userid };
    });
    return { states };
  },

  pstncc_getstates: (ctx) => {
    const s = state(ctx);
    const c = s.calls.get(ctx.body.callid);
    if (!c || c.userid.toLowerCase() !== ctx.body.callee_userid.toLowerCase()) throw invalidParameter('invalid callid');
    const talking = c.phase === 1 ? ctx.clock.nowSec() - c.calltime : c.talktime;
    return {
      istalked: c.phase === 1 || c.phase === 2 ? 1 : 0,
      calltime: c.calltime,
      talktime: Math.max(0, talking),
      reason: c.phase === 3 ? 1 : c.phase === 4 ? 2 : 0,
    };
  },
});
