/**
 * Control plane of the message archive (会话存档): settings and switch, public keys, generated history
 * and simulated chats. Behaviour lives in domains/msgaudit; this file only maps HTTP to it.
 */
import { ERRCODES } from '../../spec/generated/errcodes.js';
import { LIMITS } from '../../spec/generated/limits.js';
import type { MockApp, Corp } from '../app.js';
import { ArchiveInputError, generateHistory, registerKey, simulateChat, type ArchiveStatus, type ChatInput } from '../domains/msgaudit/index.js';
import type { AdminFail, CallbacksAdminHandler } from './callbacks.js';

/** The archive part of the control plane. */
export function createArchiveAdmin(app: MockApp, fail: AdminFail): Record<string, CallbacksAdminHandler> {
  const corpOf = (corpid: unknown): Corp => {
    if (typeof corpid !== 'string' || corpid === '') throw fail(400, 'bad_parameter', 'corpid is required');
    const corp = app.registry.get(corpid);
    if (!corp) throw fail(404, 'corp_not_found', `no corp ${JSON.stringify(corpid)}; GET /__mock/corps lists them`);
    return corp;
  };
  const view = (corp: Corp) => {
    const s = corp.domains.msgaudit;
    return {
      status: s.status,
      pull_window_seconds: s.pullWindowSeconds,
      key_versions: s.keys.map((k) => k.version),
      records: s.size,
      first_seq: s.firstSeq,
      last_seq: s.lastSeq,
      permit_users: [...s.permit].map(([userid, type]) => ({ userid, type })),
      robots: [...s.robots.values()].map((r) => ({ ...r })),
    };
  };
  const input = (e: unknown): never => {
    if (e instanceof ArchiveInputError) {
      // 40211 / 40212 are WeCom's codes for the key upload; the admin error carries the number too.
      const err = fail(e.status, e.code, e.errName ? `${ERRCODES[e.errName]} ${e.message}` : e.message);
      if (e.errName) (err as Error & { errcode?: number }).errcode = ERRCODES[e.errName];
      throw err;
    }
    throw e;
  };

  return {
    mock_archive_get: ({ params }) => ({ body: view(corpOf(params['corpid'])) }),
    mock_archive_update: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const s = corp.domains.msgaudit;
      if (body['pull_window_seconds'] !== undefined) {
        const w = body['pull_window_seconds'] as number;
        if (w > LIMITS.lifetime.archive_retention.seconds) throw fail(400, 'bad_body', 'pull_window_seconds is at most the 90-day retention');
        s.pullWindowSeconds = w;
      }
      if (body['permit_users'] !== undefined) {
        const list = body['permit_users'] as { userid: string; type: number }[];
        const bad = list.find((p) => !s.hasMember(p.userid));
        if (bad) throw fail(400, 'unknown_member', `member ${bad.userid} does not exist`);
        s.permit.clear();
        for (const p of list) s.permit.set(p.userid, p.type);
      }
      if (body['status'] !== undefined) s.status = body['status'] as ArchiveStatus;
      return { body: view(corp) };
    },
    mock_archive_keys_list: ({ params }) => {
      const s = corpOf(params['corpid']).domains.msgaudit;
      return { body: { keys: s.keys.map((k) => ({ version: k.version, public_key: k.pem, created_at: k.createdAt })) } };
    },
    mock_archive_keys_create: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      try {
        const k = registerKey(corp, body['public_key'] as string | undefined, body['version'] as number | undefined);
        return {
          status: 201,
          body: { version: k.version, public_key: k.pem, created_at: k.createdAt, ...(k.privatePem !== undefined && { private_key: k.privatePem }) },
        };
      } catch (e) {
        return input(e);
      }
    },
    mock_archive_generate: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const out = generateHistory(
        corp,
        body['count'] as number,
        (body['seed'] as number | undefined) ?? 1,
        (body['span_seconds'] as number | undefined) ?? 259_200,
        body['notify'] !== false,
      );
      return { status: 201, body: out };
    },
    mock_simulate_chat: ({ body }) => {
      const corp = corpOf(body['corpid']);
      try {
        return { status: 201, body: simulateChat(corp, body as ChatInput) };
      } catch (e) {
        return input(e);
      }
    },
  };
}
