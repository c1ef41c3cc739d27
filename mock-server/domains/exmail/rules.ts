/** Checks shared by the 邮件 handlers: who may call, members that must exist, list shapes. */
import { err } from '../../core/errors/index.js';
import { areaState } from '../../core/tenancy/access.js';
import type { Ctx } from '../types.js';
import type { ExmailState } from './state.js';

/** 邮件 APIs answer the 邮件 system secret and its 可调用接口的应用; others → 48002. */
export function mail(ctx: Ctx): ExmailState {
  return areaState(ctx, 'exmail');
}

/** A member of the corp, else 60111. */
export function member(ctx: Ctx, userid: string): string {
  const m = ctx.corp.domains.contacts.getUser(userid);
  if (!m) throw err('USERID_NOT_FOUND', { message: 'userid not found' });
  return m.userid;
}

/** `{list: [...]}` → the list (absent → undefined). */
export function unwrap<T>(v: { list?: T[] } | undefined): T[] | undefined {
  return v?.list ? [...v.list] : undefined;
}

export const wrap = <T>(list: T[]): { list: T[] } => ({ list: [...list] });
