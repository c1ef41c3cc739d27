/** A member confirms a corp mass message (the WeCom client's 发送 button), for the control plane (doc path/93338). */
import { AdminError } from '../../../core/control/kit.js';
import { userKey } from '../../contacts/index.js';
import type { Corp } from '../../types.js';
import { CORP_CALLER, customerByExternalUserid } from '../ids.js';

export function simulateMassSend(corp: Corp, msgid: string, userid: string, only: string[] | undefined): { sent: number; failed: number } {
  const s = corp.domains.externalcontact;
  const m = s.mass.byId.get(msgid);
  if (!m) throw new AdminError(404, 'msg_not_found', `corp ${corp.corpid} has no mass message ${msgid}`);
  if (m.cancelled) throw new AdminError(409, 'cancelled', `mass message ${msgid} was cancelled`);
  const t = m.tasks.get(userKey(userid));
  if (!t) throw new AdminError(404, 'not_a_sender', `member ${userid} has no task in ${msgid}`);
  if (t.status === 2) throw new AdminError(409, 'already_sent', `member ${userid} already sent ${msgid}`);
  let picked: Set<string> | undefined;
  if (only && only.length > 0) {
    if (!m.allow_select) throw new AdminError(409, 'no_select', `mass message ${msgid} does not allow choosing customers`);
    picked = new Set(only.map((id) => customerByExternalUserid(s, id, CORP_CALLER)?.id ?? ''));
  }
  const now = corp.clock.nowSec();
  t.status = 2;
  t.send_time = now;
  let sent = 0;
  let failed = 0;
  for (const r of t.recipients) {
    if (picked && !picked.has(r.ref)) continue;
    const gone = m.chat_type === 'single' ? !s.customers.get(r.ref)?.follows.has(userKey(userid)) : (s.chats.get(r.ref)?.dismissed ?? true);
    r.status = gone ? 2 : 1;
    r.send_time = gone ? 0 : now;
    if (gone) failed++;
    else sent++;
  }
  return { sent, failed };
}
