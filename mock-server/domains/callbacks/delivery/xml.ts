/**
 * The plaintext XML WeCom sends to callback receivers, built from a domain event, and the reverse
 * (a passive reply's plaintext XML read back into JSON). Pure functions, no state.
 *
 * JSON ↔ XML convention (one rule both ways, so schemas in spec/webhooks read like the XML):
 *   string → `<Name><![CDATA[…]]></Name>` (bare text for the numeric-looking elements WeCom writes bare),
 *   number → `<Name>42</Name>`, object → nested elements, array → the element repeated
 *   (`{PicList: {item: [{PicMd5Sum: 'a'}, …]}}` → `<PicList><item><PicMd5Sum>…</PicMd5Sum></item>…</PicList>`).
 * Facts: doc path/90239, 90240, 90628, 90642 and wenerme/go-wecom wecom/testdata/push/*.xml.
 */
import { cdata, parseSimpleXml, type SimpleXmlElement } from '../../../core/crypto/index.js';

/** Elements WeCom writes as bare text (no CDATA) even when the mock holds a string, e.g. 64-bit MsgId (doc path/90239). */
const BARE_TEXT = new Set([
  'MsgId',
  'CreateTime',
  'TimeStamp',
  'Location_X',
  'Location_Y',
  'Scale',
  'Latitude',
  'Longitude',
  'Precision',
  'Id',
  'ParentId',
  'Order',
  'TagId',
  'Gender',
  'Status',
  'IsLeader',
  'ErrCode',
  'Count',
  'JoinScene',
  'QuitScene',
  'MemChangeCnt',
  'Mode',
]);

/** Header elements the callbacks domain writes itself; an event's own copy decides only routing. */
export const HEADER_FIELDS = new Set(['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'AgentID']);

/** A legal element name of the events (WeCom uses ASCII letters, digits and `_`). */
export const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Thrown when an event cannot be written as XML (a bad element name or value type). */
export class EventXmlError extends Error {
  override name = 'EventXmlError';
}

function renderValue(name: string, value: unknown, out: string[], depth: number): void {
  if (value === undefined || value === null) return;
  if (!ELEMENT_NAME.test(name)) throw new EventXmlError(`"${name}" is not a valid element name`);
  if (depth > 8) throw new EventXmlError(`<${name}> is nested too deeply`);
  if (Array.isArray(value)) {
    for (const v of value) renderValue(name, v, out, depth + 1);
    return;
  }
  switch (typeof value) {
    case 'object': {
      out.push(`<${name}>`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) renderValue(k, v, out, depth + 1);
      out.push(`</${name}>`);
      return;
    }
    case 'number':
      if (!Number.isFinite(value)) throw new EventXmlError(`<${name}> is not a finite number`);
      out.push(`<${name}>${String(value)}</${name}>`);
      return;
    case 'boolean':
      out.push(`<${name}>${value ? 1 : 0}</${name}>`);
      return;
    case 'string':
      // Bare only when the text cannot need escaping (digits, sign, dot), as WeCom writes MsgId and coordinates.
      if (BARE_TEXT.has(name) && /^-?[0-9]+(?:\.[0-9]+)?$/.test(value)) out.push(`<${name}>${value}</${name}>`);
      else out.push(`<${name}>${cdata(value)}</${name}>`);
      return;
    default:
      throw new EventXmlError(`<${name}> has a value of type ${typeof value}`);
  }
}

/** The body elements of an event (every field but the header ones), in the event's key order. */
export function renderFields(fields: Record<string, unknown>, skip: ReadonlySet<string> = HEADER_FIELDS): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(fields)) if (!skip.has(k)) renderValue(k, v, out, 1);
  return out.join('');
}

/** Header of a corp callback (doc path/90239, 90240). */
export interface PlaintextHeader {
  /** corpid (doc path/90930: ToUserName = corpid for app and data callbacks). */
  toUserName: string;
  /** A userid, or `sys` for system events (change_contact, doc path/90970). */
  fromUserName: string;
  createTime: number;
  msgType: string;
  /** Written last, as WeCom's samples do; omitted when undefined (contact/system callbacks). */
  agentId: number | undefined;
}

/** `<xml><ToUserName/><FromUserName/><CreateTime/><MsgType/>…fields…<AgentID/></xml>` (doc path/90239, 90240). */
export function renderPlaintext(header: PlaintextHeader, fields: Record<string, unknown>): string {
  return (
    `<xml><ToUserName>${cdata(header.toUserName)}</ToUserName>` +
    `<FromUserName>${cdata(header.fromUserName)}</FromUserName>` +
    `<CreateTime>${header.createTime}</CreateTime>` +
    `<MsgType>${cdata(header.msgType)}</MsgType>` +
    renderFields(fields) +
    (header.agentId === undefined ? '' : `<AgentID>${header.agentId}</AgentID>`) +
    '</xml>'
  );
}

const INFO_HEADER = new Set(['SuiteId', 'InfoType', 'TimeStamp']);

/** Third-party instruction callback: `<xml><SuiteId/><InfoType/><TimeStamp/>…fields…</xml>` (doc path/90628, 90642). */
export function renderInfoType(suiteId: string, timestamp: number, fields: Record<string, unknown>): string {
  return (
    `<xml><SuiteId>${cdata(suiteId)}</SuiteId><InfoType>${cdata(String(fields['InfoType'] ?? ''))}</InfoType>` +
    `<TimeStamp>${timestamp}</TimeStamp>${renderFields(fields, INFO_HEADER)}</xml>`
  );
}

/** A short name for an event: `text`, `click`, `change_contact/create_user`, `suite_ticket`… */
export function eventTypeOf(event: Record<string, unknown>): string {
  if (typeof event['InfoType'] === 'string') return event['InfoType'];
  const ev = event['Event'];
  if (typeof ev === 'string') {
    const change = event['ChangeType'];
    return typeof change === 'string' && ev.startsWith('change_') ? `${ev}/${change}` : ev;
  }
  return typeof event['MsgType'] === 'string' ? event['MsgType'] : 'unknown';
}

/** JSON of an element tree: leaves become their text, repeated children become arrays. */
export function elementToJson(el: SimpleXmlElement): unknown {
  if (el.children.length === 0) return el.text;
  const out: Record<string, unknown> = {};
  for (const child of el.children) {
    const value = elementToJson(child);
    const prev = out[child.name];
    if (prev === undefined) out[child.name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[child.name] = [prev, value];
  }
  return out;
}

/** Reads a plaintext XML document into JSON (safe parser: no DTD, no entities, ≤ 1 MB). */
export function xmlToJson(xml: string): Record<string, unknown> {
  const root = parseSimpleXml(xml);
  const json = elementToJson(root);
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
}
