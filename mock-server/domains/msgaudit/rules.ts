import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import type { Ctx } from '../types.js';
import type { MsgauditState } from './state.js';

/** Only the archive (会话存档) secret's token may call the archive (48002 otherwise: "api forbidden"). */
export function requireArchive(ctx: Ctx): MsgauditState {
  if (ctx.secretKind !== 'archive') throw err('API_FORBIDDEN');
  const s = ctx.corp.domains.msgaudit;
  // Service off → 301053, expired → 301052 (errcodes 301053, 301052; doc path/91614).
  if (s.status === 'disabled') throw err('MSGAUDIT_NOT_ENABLED');
  if (s.status === 'expired') throw err('MSGAUDIT_SERVICE_EXPIRED');
  return s;
}

/** GetChatData's limit is at most 1,000; more → 301058 拉取会话数据超限需减limit. */
export function checkPullLimit(limit: number): void {
  if (limit > LIMITS.bound.archive_pull_limit.max) throw err('MSGAUDIT_REQUEST_TOO_LARGE');
}

/** check_single_agree takes at most 100 pairs (301060 同意情况查询超100条). */
export function checkAgreeQuery(n: number): void {
  if (n > 100) throw err('MSGAUDIT_AGREE_QUERY_TOO_LARGE');
}

/** An indexbuf as the mock issues it: `Range:bytes=<start>-<end>` inside the file, ≤ 512 KB. */
export function parseIndexBuf(indexbuf: string | undefined, size: number): { start: number; end: number } {
  const max = LIMITS.size.archive_media_chunk_max.bytes;
  if (indexbuf === undefined || indexbuf === '') return { start: 0, end: Math.min(size, max) };
  const m = /^Range:bytes=(\d{1,15})-(\d{1,15})$/.exec(indexbuf);
  if (!m) throw err('INVALID_PARAMETER');
  const start = Number(m[1]);
  const last = Number(m[2]);
  if (start >= size || last < start || last >= size || last - start + 1 > max) throw err('INVALID_PARAMETER');
  return { start, end: last + 1 };
}
