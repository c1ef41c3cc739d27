/**
 * Simulation (`POST /__mock/simulate/*`): a member sends the app a message or triggers an event, or the
 * admin changes an app's visible range. Each emits into the corp's event stream — so it shows in
 * GET /__mock/events and is delivered like any domain event — and reports the outbox entries it made.
 */
import { AdminError } from '../../core/control/kit.js';
import { memberVisibility, type Member } from '../contacts/index.js';
import type { Corp } from '../types.js';
import { receiversFor } from './delivery/routing.js';
import {
  MEMBER_EVENTS,
  MESSAGE_TYPES,
  SYSTEM_EVENTS,
  eventTemplate,
  messageTemplate,
  newMsgId,
  visibleRangeEvents,
  type MessageType,
  type SimEvent,
} from './events.js';
import { ELEMENT_NAME, EventXmlError, renderFields } from './delivery/xml.js';

/** A refused simulation; `status` is the control plane's HTTP status. */
export interface SimulationResult {
  /** The first outbox entry (null when no receiver is configured and `allow_undelivered` was set). */
  id: string | null;
  ids: string[];
  /** seq of the event in GET /__mock/events. */
  seq: number;
  event: Record<string, unknown>;
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** Overrides template fields with caller's values of the same JSON type; unknown names are refused. */
function applyFields(template: Record<string, unknown>, fields: Record<string, unknown> | undefined, what: string): Record<string, unknown> {
  const out = { ...template };
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (!ELEMENT_NAME.test(k)) throw new AdminError(400, 'bad_fields', `fields.${k} is not a valid element name`);
    if (!(k in template)) {
      const known = Object.keys(template);
      throw new AdminError(400, 'bad_fields', `${what} has no field ${k}${known.length ? ` (it has ${known.join(', ')})` : ''}`);
    }
    const want = kindOf(template[k]);
    if (kindOf(v) !== want) throw new AdminError(400, 'bad_fields', `fields.${k} must be a${want === 'object' || want === 'array' ? 'n' : ''} ${want}`);
    out[k] = v;
  }
  try {
    renderFields(out);
  } catch (e) {
    if (e instanceof EventXmlError) throw new AdminError(400, 'bad_fields', e.message);
    throw e;
  }
  return out;
}

function appOf(corp: Corp, agentid: number | undefined) {
  if (agentid === undefined) throw new AdminError(400, 'bad_body', 'agentid is required');
  const app = corp.apps.get(agentid);
  if (!app) throw new AdminError(404, 'app_not_found', `corp ${corp.corpid} has no app ${agentid}`);
  return app;
}

function memberOf(corp: Corp, userid: string | undefined): Member {
  if (userid === undefined) throw new AdminError(400, 'bad_body', 'userid is required');
  const m = corp.domains.contacts.users.get(userid.toLowerCase());
  if (!m) throw new AdminError(404, 'user_not_found', `corp ${corp.corpid} has no member ${userid}`);
  return m;
}

/** Emits the event and reports its entries; refuses when nobody would receive it (unless allowed). */
function emit(corp: Corp, event: Record<string, unknown>, allowUndelivered: boolean): SimulationResult {
  if (!allowUndelivered && receiversFor(corp, event).length === 0) {
    throw new AdminError(
      409,
      'no_receiver',
      'no callback URL is configured for this event: PUT /__mock/callbacks/config first (or send allow_undelivered: true)',
    );
  }
  const logged = corp.events.push(corp.clock.nowMs(), event);
  const ids = (corp.domains.callbacks.byEventSeq.get(logged.seq) ?? []).map((e) => e.id);
  return { id: ids[0] ?? null, ids, seq: logged.seq, event };
}

export interface SimulateMessageInput {
  agentid: number;
  userid: string;
  msgtype: string;
  content?: string;
  fields?: Record<string, unknown>;
  allow_undelivered?: boolean;
}

/** A member sends the app a message (doc path/90239). Only members in the app's visible range can (doc path/90193). */
export function simulateMessage(corp: Corp, input: SimulateMessageInput): SimulationResult {
  if (!(MESSAGE_TYPES as readonly string[]).includes(input.msgtype)) {
    throw new AdminError(400, 'bad_msgtype', `msgtype must be one of ${MESSAGE_TYPES.join(', ')}`);
  }
  const type = input.msgtype as MessageType;
  const app = appOf(corp, input.agentid);
  const member = memberOf(corp, input.userid);
  if (!memberVisibility(app, corp.domains.contacts)(member)) {
    throw new AdminError(409, 'not_in_visible_range', `${member.userid} is outside app ${app.agentid}'s visible range and cannot message it`);
  }
  const rng = corp.domains.callbacks.rng;
  const template = messageTemplate(type, rng);
  if (input.content !== undefined) {
    if (type !== 'text') throw new AdminError(400, 'bad_fields', 'content is for msgtype text only; use fields for others');
    template['Content'] = input.content;
  }
  const body = applyFields(template, input.fields, `msgtype ${type}`);
  const event = { MsgType: type, FromUserName: member.userid, ...body, MsgId: newMsgId(rng), AgentID: app.agentid };
  return emit(corp, event, input.allow_undelivered === true);
}

export interface SimulateEventInput {
  event: string;
  agentid?: number;
  userid?: string;
  fields?: Record<string, unknown>;
  allow_undelivered?: boolean;
}

/** A member triggers an app event (doc path/90240), or a system event is raised (batch_job_result, change_external_*…). */
export function simulateEvent(corp: Corp, input: SimulateEventInput): SimulationResult {
  const isMemberEvent = (MEMBER_EVENTS as readonly string[]).includes(input.event);
  if (!isMemberEvent && !(SYSTEM_EVENTS as readonly string[]).includes(input.event)) {
    throw new AdminError(400, 'bad_event', `event must be one of ${[...MEMBER_EVENTS, ...SYSTEM_EVENTS].join(', ')}`);
  }
  const name = input.event as SimEvent;
  const rng = corp.domains.callbacks.rng;
  const changeType = typeof input.fields?.['ChangeType'] === 'string' ? input.fields['ChangeType'] : undefined;
  const template = eventTemplate(name, rng, changeType);
  if (!template) throw new AdminError(400, 'bad_fields', `fields.ChangeType ${JSON.stringify(changeType)} is not a ChangeType of ${name}`);
  if (isMemberEvent) {
    const app = appOf(corp, input.agentid);
    const member = memberOf(corp, input.userid);
    // A member outside the range cannot open the app; unsubscribe is exactly what leaving the range sends.
    if (name !== 'unsubscribe' && !memberVisibility(app, corp.domains.contacts)(member)) {
      throw new AdminError(409, 'not_in_visible_range', `${member.userid} is outside app ${app.agentid}'s visible range`);
    }
    // Menu events only for a button of the app's menu (the agent domain owns the menu and this check).
    const asked = input.fields?.['EventKey'];
    const click = corp.domains.agent.menuClick(app.agentid, name, typeof asked === 'string' ? asked : undefined);
    if (click && 'refusal' in click) throw new AdminError(409, 'not_in_menu', click.refusal);
    if (click) template['EventKey'] = click.eventKey;
    const body = applyFields(template, input.fields, `event ${name}`);
    return emit(corp, { Event: name, FromUserName: member.userid, ...body, AgentID: app.agentid }, input.allow_undelivered === true);
  }
  // System events come from `sys`; an agentid addresses one app (e.g. the app that started a batch job).
  const app = input.agentid === undefined ? undefined : appOf(corp, input.agentid);
  if (name === 'change_external_contact') {
    const member = memberOf(corp, input.userid ?? [...corp.domains.contacts.users.values()][0]?.userid);
    template['UserID'] = member.userid;
  }
  const body = applyFields(template, input.fields, `event ${name}`);
  const event: Record<string, unknown> = { Event: name, ...body };
  if (app) event['AgentID'] = app.agentid;
  return emit(corp, event, input.allow_undelivered === true);
}

/** Who entered and left an app's visible range, and the outbox entries of the events sent. */
export interface VisibleRangeChange {
  subscribed: string[];
  unsubscribed: string[];
  ids: string[];
}

function visibleMembers(corp: Corp, agentid: number): Set<string> {
  const app = corp.apps.get(agentid);
  const out = new Set<string>();
  if (!app) return out;
  const visible = memberVisibility(app, corp.domains.contacts);
  // Only active members can have the app: unactivated (4), disabled (2) or departed (5) members never subscribe.
  for (const m of corp.domains.contacts.users.values()) if (m.status === 1 && visible(m)) out.add(m.userid);
  return out;
}

/**
 * Runs `change` (which edits an app's visible range, e.g. the admin's PATCH of the app) and emits
 * subscribe / unsubscribe for members entering / leaving the range, as WeCom does (doc path/90240).
 */
export function trackVisibleRange(corp: Corp, agentid: number, change: () => void): VisibleRangeChange {
  const before = visibleMembers(corp, agentid);
  change();
  const after = visibleMembers(corp, agentid);
  const events = visibleRangeEvents(agentid, before, after);
  const ids: string[] = [];
  for (const e of events) {
    const logged = corp.events.push(corp.clock.nowMs(), e);
    for (const entry of corp.domains.callbacks.byEventSeq.get(logged.seq) ?? []) ids.push(entry.id);
  }
  return {
    subscribed: events.filter((e) => e['Event'] === 'subscribe').map((e) => String(e['FromUserName'])),
    unsubscribed: events.filter((e) => e['Event'] === 'unsubscribe').map((e) => String(e['FromUserName'])),
    ids,
  };
}
