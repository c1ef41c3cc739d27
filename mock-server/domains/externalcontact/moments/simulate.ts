/** Senders publish corp moments and customers react to them, for the control plane (doc path/93333). */
import { AdminError } from '../../../core/control/kit.js';
import { userKey } from '../../contacts/index.js';
import type { Corp } from '../../types.js';
import { CORP_CALLER, customerByExternalUserid } from '../ids.js';
import type { Moment, MomentSender } from './state.js';

function senderOf(corp: Corp, momentId: string, userid: string): { m: Moment; sd: MomentSender } {
  const m = corp.domains.externalcontact.moments.byId.get(momentId);
  if (!m) throw new AdminError(404, 'moment_not_found', `corp ${corp.corpid} has no moment ${momentId}`);
  if (m.cancelled) throw new AdminError(409, 'cancelled', `moment ${momentId} was withdrawn`);
  const sd = m.senders.get(userKey(userid));
  if (!sd) throw new AdminError(404, 'not_a_sender', `member ${userid} is no sender of ${momentId}`);
  return { m, sd };
}

export function simulateMomentPublish(corp: Corp, momentId: string, userid: string): void {
  const { sd } = senderOf(corp, momentId, userid);
  if (sd.published) throw new AdminError(409, 'already_published', `member ${userid} already published ${momentId}`);
  sd.published = true;
}

export function simulateMomentInteract(corp: Corp, input: { moment_id: string; userid: string; kind: 'comment' | 'like'; external_userid?: string; member_userid?: string }): number {
  const { sd } = senderOf(corp, input.moment_id, input.userid);
  if (!sd.published) throw new AdminError(409, 'not_published', `member ${input.userid} has not published ${input.moment_id}`);
  const now = corp.clock.nowSec();
  let row: MomentSender['comments'][number];
  if (input.external_userid !== undefined) {
    const c = customerByExternalUserid(corp.domains.externalcontact, input.external_userid, CORP_CALLER);
    if (!c) throw new AdminError(404, 'customer_not_found', `corp ${corp.corpid} has no customer ${input.external_userid}`);
    row = { ref: c.id, kind: 'customer', create_time: now };
  } else if (input.member_userid !== undefined) {
    const m = corp.domains.contacts.getUser(input.member_userid);
    if (!m) throw new AdminError(404, 'user_not_found', `corp ${corp.corpid} has no member ${input.member_userid}`);
    row = { ref: m.userid, kind: 'member', create_time: now };
  } else throw new AdminError(400, 'bad_body', 'external_userid or member_userid is required');
  (input.kind === 'comment' ? sd.comments : sd.likes).push(row);
  return now;
}
