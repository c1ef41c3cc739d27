/**
 * Control plane of the message archive (会话存档): settings and switch, public keys, generated history
 * and simulated chats. Behaviour lives in domains/msgaudit; this file only maps HTTP to it.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { AdminError, corpOf as findCorp, intParam, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';
import { generateHistory, registerKey, simulateChat, type ChatInput } from './simulate.js';
import type { ArchiveStatus } from './state.js';

/** The archive part of the control plane. */
export function archiveAdmin(host: MockHost): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);
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

  return {
    mock_archive_get: ({ params }) => ({ body: view(corpOf(params['corpid'])) }),
    mock_archive_update: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const s = corp.domains.msgaudit;
      if (body['pull_window_seconds'] !== undefined) {
        const w = body['pull_window_seconds'] as number;
        if (w > LIMITS.lifetime.archive_retention.seconds) throw new AdminError(400, 'bad_body', 'pull_window_seconds is at most the 90-day retention');
        s.pullWindowSeconds = w;
      }
      if (body['permit_users'] !== undefined) {
        const list = body['permit_users'] as { userid: string; type: number }[];
        const bad = list.find((p) => !s.hasMember(p.userid));
        if (bad) throw new AdminError(400, 'unknown_member', `member ${bad.userid} does not exist`);
        s.permit.clear();
        for (const p of list) s.permit.set(p.userid, p.type);
      }
      if (body['status'] !== undefined) s.status = body['status'] as ArchiveStatus;
      return { body: view(corp) };
    },
    mock_archive_records_list: ({ params, query }) => {
      const s = corpOf(params['corpid']).domains.msgaudit;
      const since = intParam(query['since'], 'since') ?? 0;
      const limit = Math.min(intParam(query['limit'], 'limit') ?? 50, 1000);
      const records: { seq: number; message: unknown }[] = [];
      for (let i = s.indexAfter(since); i < s.size && records.length < limit; i++) records.push({ seq: s.seqAt(i), message: JSON.parse(s.render(i)) as unknown });
      return { body: { records, total: s.size } };
    },
    mock_archive_keys_list: ({ params }) => {
      const s = corpOf(params['corpid']).domains.msgaudit;
      return { body: { keys: s.keys.map((k) => ({ version: k.version, public_key: k.pem, created_at: k.createdAt })) } };
    },
    mock_archive_keys_create: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const k = registerKey(corp, body['public_key'] as string | undefined, body['version'] as number | undefined);
      return {
        status: 201,
        body: { version: k.version, public_key: k.pem, created_at: k.createdAt, ...(k.privatePem !== undefined && { private_key: k.privatePem }) },
      };
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
      return { status: 201, body: simulateChat(corp, body as ChatInput) };
    },
  };
}
