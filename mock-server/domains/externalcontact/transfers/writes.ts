/** Transfer writes shared by the API and the control plane: start, complete, refuse (doc path/92125, 94081). */
import { userKey } from '../../contacts/index.js';
import type { Corp } from '../../types.js';
import { CORP_CALLER, externalUseridOf } from '../ids.js';
import { TAKEOVER_DELAY_MS, type Transfer } from './state.js';

/** Books a transfer; the takeover member gets the customer when the delay is over, on the corp's clock. */
export function startTransfer(corp: Corp, kind: Transfer['kind'], customerId: string, handover: string, takeover: string): Transfer {
  const s = corp.domains.externalcontact;
  const now = corp.clock.nowMs();
  const t: Transfer = { kind, customerId, handover, takeover, status: 2, takeover_time: Math.floor((now + TAKEOVER_DELAY_MS) / 1000), startedMs: now, task: undefined };
  s.transfers.list.push(t);
  s.transfers.pending.set(customerId, t);
  t.task = corp.timers.at(now + TAKEOVER_DELAY_MS, `customer transfer ${customerId}`, 'externalcontact.transfer', { t });
  return t;
}

/** The takeover: the relationship moves from the handover member to the takeover member (remarks and tags kept). */
export function completeTransfer(corp: Corp, t: Transfer): void {
  const s = corp.domains.externalcontact;
  if (t.status !== 2) return;
  s.transfers.pending.delete(t.customerId);
  const c = s.customers.get(t.customerId);
  const old = c?.follows.get(userKey(t.handover));
  t.status = 1;
  if (!c || !old) return;
  s.removeFollow(c, userKey(t.handover));
  const taker = corp.domains.contacts.getUser(t.takeover);
  if (taker && !c.follows.has(userKey(taker.userid))) {
    s.addFollow(c, userKey(taker.userid), { ...old, userid: taker.userid, createtime: t.takeover_time, tag_ids: [...old.tag_ids], remark_mobiles: [...old.remark_mobiles] });
  }
}

/** The customer refuses the takeover (doc path/92130 transfer_fail customer_refused): the event to emit. */
export function refuseTransfer(corp: Corp, t: Transfer): Record<string, unknown> {
  const s = corp.domains.externalcontact;
  t.status = 3;
  t.takeover_time = 0;
  if (t.task) t.task.cancelled = true;
  s.transfers.pending.delete(t.customerId);
  const c = s.customers.get(t.customerId)!;
  return { Event: 'change_external_contact', ChangeType: 'transfer_fail', FailReason: 'customer_refused', UserID: t.takeover, ExternalUserID: externalUseridOf(s, c, CORP_CALLER) };
}
