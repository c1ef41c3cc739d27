/**
 * The import rules of ARCHITECTURE.md, checked over the source tree:
 *   spec/generated ← fixtures ← mock-server; core/ never imports domains/ (or admin/, web/, app.ts);
 *   a domain reaches another domain only through its index.ts; contract-tests reach mock-server only
 *   through harness/target.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(p);
    }
  };
  walk(join(ROOT, dir));
  return out;
}

/** Relative imports of a file, resolved to repo-relative paths (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => relative(ROOT, resolve(dirname(file), s)).replace(/\.js$/, '.ts'));
}

function violations(dir: string, rule: (from: string, to: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const f of sources(dir)) {
    const from = relative(ROOT, f);
    for (const to of importsOf(f)) {
      const why = rule(from, to);
      if (why) out.push(`${from} → ${to}: ${why}`);
    }
  }
  return out;
}

describe('architecture', () => {
  it('When core/ imports, then never from domains/, admin/, web/ or app.ts', () => {
    expect(
      violations('mock-server/core', (_f, to) =>
        /^mock-server\/(domains|admin|web)\//.test(to) || to === 'mock-server/app.ts' ? 'core knows no domain' : undefined,
      ),
    ).toEqual([]);
  });

  it('When a domain imports another domain, then only through its index.ts', () => {
    expect(
      violations('mock-server/domains', (from, to) => {
        const a = /^mock-server\/domains\/([^/]+)\//.exec(from)?.[1];
        const b = /^mock-server\/domains\/([^/]+)\/(.+)$/.exec(to);
        if (!a || !b || b[1] === a) return undefined;
        return b[2] === 'index.ts' ? undefined : `use domains/${b[1]}/index.ts`;
      }),
    ).toEqual([]);
  });

  it('When generated code and fixtures import, then never from mock-server or contract-tests', () => {
    const rule = (_f: string, to: string): string | undefined =>
      /^(mock-server|contract-tests)\//.test(to) ? 'points the wrong way' : undefined;
    expect([...violations('spec/generated', rule), ...violations('fixtures', rule)]).toEqual([]);
  });

  it('When contract tests import, then mock-server only through harness/target.ts', () => {
    // Allowed: the target itself; verify/ (the verify-client command starts a mock); the crypto
    // cross-check, whose point is to compare the harness's own crypto with the mock's; the
    // wecom-contract entry's flag parsing, shared with the mock's commands (core/cli-args.ts).
    const allowed = (from: string, to: string): boolean =>
      from === 'contract-tests/harness/target.ts' ||
      (from === 'contract-tests/cli.ts' && to === 'mock-server/core/cli-args.ts') ||
      from.startsWith('contract-tests/verify/') ||
      (from === 'contract-tests/harness/crypto.test.ts' && to.startsWith('mock-server/core/crypto/'));
    expect(
      violations('contract-tests', (from, to) =>
        to.startsWith('mock-server/') && !allowed(from, to) ? 'go through contract-tests/harness/target.ts' : undefined,
      ),
    ).toEqual([]);
  });

  it('When handlers are written, then no errcode number is hard-coded in domains', () => {
    const offenders: string[] = [];
    for (const f of sources('mock-server/domains')) {
      if (f.endsWith('.test.ts')) continue;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/errcode\s*[:=]=?=?\s*(-?\d{2,})/g)) offenders.push(`${relative(ROOT, f)}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
