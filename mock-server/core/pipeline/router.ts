import type { OperationDef } from '../../../spec/generated/operations.js';

export type RouteMatch =
  | { kind: 'op'; op: OperationDef; params: Record<string, string> }
  | { kind: 'method'; ops: OperationDef[] }
  | { kind: 'none' };

interface Template {
  regex: RegExp;
  names: string[];
  byMethod: Map<string, OperationDef>;
}

/** The spec's route table: exact paths in a Map, templated control-plane paths by regex. */
export class Router {
  private readonly exact = new Map<string, Map<string, OperationDef>>();
  private readonly templates: Template[] = [];

  constructor(ops: readonly OperationDef[]) {
    const templ = new Map<string, Template>();
    for (const op of ops) {
      if (op.path.includes('{')) {
        let t = templ.get(op.path);
        if (!t) {
          const names: string[] = [];
          const src = op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, n: string) => {
            names.push(n);
            return '([^/]+)';
          });
          t = { regex: new RegExp(`^${src}$`), names, byMethod: new Map() };
          templ.set(op.path, t);
          this.templates.push(t);
        }
        t.byMethod.set(op.method, op);
      } else {
        let m = this.exact.get(op.path);
        if (!m) this.exact.set(op.path, (m = new Map()));
        m.set(op.method, op);
      }
    }
  }

  match(method: string, path: string): RouteMatch {
    const m = this.exact.get(path);
    if (m) {
      const op = m.get(method);
      return op ? { kind: 'op', op, params: {} } : { kind: 'method', ops: [...m.values()] };
    }
    for (const t of this.templates) {
      const r = t.regex.exec(path);
      if (!r) continue;
      const params: Record<string, string> = {};
      try {
        t.names.forEach((n, i) => {
          params[n] = decodeURIComponent(r[i + 1] ?? '');
        });
      } catch {
        return { kind: 'none' };
      }
      const op = t.byMethod.get(method);
      return op ? { kind: 'op', op, params } : { kind: 'method', ops: [...t.byMethod.values()] };
    }
    return { kind: 'none' };
  }
}
