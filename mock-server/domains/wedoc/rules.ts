/** Who reaches which doc, and the checks every wedoc operation shares. */
import { err } from '../../core/errors/index.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import { memberVisibility } from '../contacts/index.js';
import type { Ctx } from '../types.js';
import { DOC_TYPES, type Doc, type DocType, type Form } from './state.js';

export const AREA = 'wedoc';
export const NAME_MAX_BYTES = 255;

/**
 * 文档 APIs are open to the 文档 system secret and to the self-built apps an admin lists as 可调用接口的应用
 * (core/tenancy/access.ts); any other token → 48002 (API_FORBIDDEN: the app may not call this API).
 */
export function checkArea(ctx: Ctx): void {
  if (!mayCallArea(ctx.corp, ctx.token, AREA)) throw err('API_FORBIDDEN');
}

/** The app a new doc belongs to (undefined for the system secret). */
export function ownerOf(ctx: Ctx): number | undefined {
  return ctx.token.kind === 'app' ? ctx.token.agentid : undefined;
}

/** An app reaches only the docs it created (doc path/97736: 仅可操作应用自己创建的文档); the system secret reaches all. */
function mayReach(ctx: Ctx, owner: number | undefined): boolean {
  return ctx.token.kind === 'system' || (owner !== undefined && owner === ctx.token.agentid);
}

/** The doc of a docid: unknown or deleted → 301085; another app's → 640004; of another type → 640054. */
export function docOf(ctx: Ctx, docid: string | undefined, type?: DocType): Doc {
  checkArea(ctx);
  const doc = docid ? ctx.corp.domains.wedoc.docs.get(docid) : undefined;
  if (!doc) throw err('INVALID_DOCID');
  if (!mayReach(ctx, doc.ownerAgentid)) throw err('WEDRIVE_ACCESS_DENIED');
  if (type !== undefined && doc.doc_type !== type) throw err('WEDOC_INVALID_TYPE', { message: `the doc is not of doc_type ${type}` });
  return doc;
}

export function formOf(ctx: Ctx, formid: string | undefined): Form {
  checkArea(ctx);
  const form = formid ? ctx.corp.domains.wedoc.forms.get(formid) : undefined;
  if (!form) throw err('INVALID_DOCID', { message: 'invalid formid' });
  if (!mayReach(ctx, form.ownerAgentid)) throw err('WEDRIVE_ACCESS_DENIED');
  return form;
}

/** The form that holds a repeated_id (a collection round). */
export function formOfRound(ctx: Ctx, repeatedId: string): Form {
  checkArea(ctx);
  for (const form of ctx.corp.domains.wedoc.forms.values()) {
    if (form.repeatedIds.includes(repeatedId)) {
      if (!mayReach(ctx, form.ownerAgentid)) throw err('WEDRIVE_ACCESS_DENIED');
      return form;
    }
  }
  badParam(`repeated_id ${repeatedId} not found`);
}

/** A doc or form name: 1–255 bytes, no control characters → 640052 otherwise. */
export function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || Buffer.byteLength(name) > NAME_MAX_BYTES || /[\u0000-\u001f]/.test(name)) throw err('WEDOC_INVALID_NAME');
  return name;
}

export function checkDocType(t: unknown): DocType {
  if (t !== DOC_TYPES.document && t !== DOC_TYPES.spreadsheet && t !== DOC_TYPES.smartsheet) throw err('WEDOC_INVALID_TYPE');
  return t;
}

/** Members named by a call: unknown → 40003; outside an app's visible range → 60011. Answers their userids as stored. */
export function checkMembers(ctx: Ctx, userids: readonly string[]): string[] {
  const contacts = ctx.corp.domains.contacts;
  const visible = memberVisibility(ctx.token.kind === 'app' ? ctx.app : undefined, contacts);
  return userids.map((u) => {
    const m = contacts.getUser(u);
    if (!m) throw err('INVALID_USERID', { message: `invalid userid ${clip(u, 64)}` });
    if (!visible(m)) throw err('NO_PRIVILEGE');
    return m.userid;
  });
}

/** Caller input quoted in an errmsg stays short: the errmsg is also the Error-Msg header. */
export function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** 640051 with a text saying what is wrong. */
export function badParam(detail: string): never {
  throw err('WEDOC_INVALID_PARAMETER', { message: `invalid parameter: ${clip(detail)}` });
}

/** Marks a doc changed now. */
export function touch(ctx: Ctx, doc: Doc): void {
  doc.modifyMs = ctx.clock.nowMs();
}
