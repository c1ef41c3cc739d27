/**
 * Control plane of a corp's self-built apps (应用管理): add an app, read it, change its name, visible range
 * or trusted domain. A changed visible range sends the subscribe / unsubscribe events WeCom sends
 * (developer.work.weixin.qq.com/document/path/90240, 成员关注及取消关注事件).
 */
import { ALNUM, drawUnused, TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import type { AppState } from '../../core/tenancy/types.js';
import { areasView } from '../../core/tenancy/access.js';
import { AdminError, appOf, appView, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import { trackVisibleRange } from '../callbacks/index.js';
import type { Corp, MockHost } from '../types.js';

/** Every department, member and tag of a visible range must exist. */
function checkRange(corp: Corp, body: Record<string, unknown>): void {
  const c = corp.domains.contacts;
  const badParty = (body['allow_party'] as number[] | undefined)?.find((id) => !c.departments.has(id));
  if (badParty !== undefined) throw new AdminError(400, 'unknown_department', `department ${badParty} does not exist`);
  const badUser = (body['allow_user'] as string[] | undefined)?.find((u) => !c.getUser(u));
  if (badUser !== undefined) throw new AdminError(400, 'unknown_member', `member ${badUser} does not exist`);
  const badTag = (body['allow_tag'] as number[] | undefined)?.find((t) => !c.tags.has(t));
  if (badTag !== undefined) throw new AdminError(400, 'unknown_tag', `tag ${badTag} does not exist`);
}

/** The apps part of the control plane. */
export function agentAdmin(host: MockHost): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);
  return {
    mock_apps_create: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      checkRange(corp, body);
      const first = [...corp.apps.values()][0];
      const agentid = Math.max(1_000_001, ...corp.apps.keys()) + 1;
      const secret = drawUnused(() => corp.rng.string(43, TOKEN_ALPHABET), corp.secretIndex);
      const created: AppState = {
        agentid,
        name: (body['name'] as string | undefined) ?? `应用${agentid}`,
        secret,
        allow_party: (body['allow_party'] as number[] | undefined) ?? [1],
        allow_user: (body['allow_user'] as string[] | undefined) ?? [],
        allow_tag: (body['allow_tag'] as number[] | undefined) ?? [],
        trusted_domain: (body['trusted_domain'] as string | undefined) ?? first?.trusted_domain ?? 'app.example.test',
        callback: { url: '', token: corp.rng.string(32, ALNUM), encoding_aes_key: corp.rng.string(43, ALNUM) },
      };
      corp.apps.set(agentid, created);
      corp.secretIndex.set(secret, { kind: 'app', agentid });
      return { status: 201, body: appView(created) };
    },
    mock_areas_update: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const area = corp.areas.get(params['area'] ?? '');
      if (!area) throw new AdminError(404, 'area_not_found', `no API area ${JSON.stringify(params['area'])}; the corp's areas: ${[...corp.areas.keys()].join(', ') || '(none)'}`);
      const ids = body['callable_agentids'] as number[];
      const bad = ids.find((id) => !corp.apps.has(id));
      if (bad !== undefined) throw new AdminError(400, 'app_not_found', `corp ${corp.corpid} has no app ${bad}`);
      area.callable = new Set(ids);
      return { body: areasView(corp)[params['area']!] };
    },
    mock_apps_get: ({ params }) => ({ body: appView(appOf(corpOf(params['corpid']), params['agentid'])) }),
    mock_apps_update: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const app = appOf(corp, params['agentid']);
      checkRange(corp, body);
      trackVisibleRange(corp, app.agentid, () => {
        for (const key of ['name', 'allow_party', 'allow_user', 'allow_tag', 'trusted_domain'] as const) {
          if (body[key] !== undefined) (app as unknown as Record<string, unknown>)[key] = body[key];
        }
      });
      return { body: appView(app) };
    },
  };
}
