/**
 * openapi.wecom.json: the bundled spec without wecom-mock's own surface — the control plane (`/__mock/*`,
 * tag mock-admin) and the mock's stand-ins for WeCom's file hosts (`/__files/*`) — and without the
 * components only those reached, so a client generated from it has WeCom's operations only.
 */
import { isObject, type Json, type JsonObject } from './common.js';

const MOCK_ONLY = /^\/__(mock|files)\//;

export function wecomOnly(doc: JsonObject): JsonObject {
  const paths = Object.fromEntries(Object.entries((doc['paths'] ?? {}) as JsonObject).filter(([p]) => !MOCK_ONLY.test(p)));
  const kept = { ...doc, paths };
  // Components reached from what stays (paths, webhooks), following $refs between components.
  const all = (doc['components'] ?? {}) as Record<string, Record<string, Json>>;
  const reached = new Set<string>();
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      const ref = node['$ref'];
      if (typeof ref === 'string' && ref.startsWith('#/components/') && !reached.has(ref)) {
        reached.add(ref);
        const [, , kind, name] = ref.split('/');
        const target = all[kind!]?.[name!];
        if (target !== undefined) walk(target);
      }
      for (const v of Object.values(node)) walk(v);
    }
  };
  walk(paths);
  walk((doc['webhooks'] ?? {}) as Json);
  for (const scheme of Object.keys(all['securitySchemes'] ?? {})) reached.add(`#/components/securitySchemes/${scheme}`);
  const components: Record<string, Record<string, Json>> = {};
  for (const [kind, entries] of Object.entries(all)) {
    const left = Object.fromEntries(Object.entries(entries).filter(([name]) => reached.has(`#/components/${kind}/${name}`)));
    if (Object.keys(left).length > 0) components[kind] = left;
  }
  const usedTags = new Set<string>();
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const op of Object.values(item)) if (isObject(op) && Array.isArray(op['tags'])) for (const t of op['tags']) usedTags.add(String(t));
  }
  const tags = Array.isArray(doc['tags']) ? doc['tags'].filter((t) => isObject(t) && usedTags.has(String(t['name']))) : doc['tags'];
  return {
    ...kept,
    ...(tags !== undefined && { tags }),
    components,
    info: { ...(doc['info'] as JsonObject), title: `${String((doc['info'] as JsonObject)['title'])} — WeCom surface only` },
  };
}
