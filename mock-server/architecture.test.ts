/**
 * The import rules of ARCHITECTURE.md, checked over the source tree:
 *   spec/generated ← fixtures ← mock-server; core/ never imports domains/ (or admin/, web/, app.ts);
 *   a domain reaches another domain only through its index.ts; contract-tests reach mock-server only
 *   through harness/target.ts; admin/ and web/ import no domain; only the entry files import app.ts; no
 *   hand-written file over 600 lines; a domain over 1,500 lines keeps the rest in sub-area folders.
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

  it('When admin/ or web/ imports, then never a domain (domains mount their own routes and pages)', () => {
    const rule = (_f: string, to: string): string | undefined =>
      to.startsWith('mock-server/domains/') || to === 'mock-server/app.ts' ? 'admin/ and web/ know no domain' : undefined;
    expect([...violations('mock-server/admin', rule), ...violations('mock-server/web', rule)]).toEqual([]);
  });

  it('When anything imports app.ts, then it is an entry file (tests use mock-server/index.ts, as users do)', () => {
    const entries = new Set(['mock-server/main.ts', 'mock-server/index.ts', 'mock-server/cli.ts']);
    const rule = (from: string, to: string): string | undefined =>
      to === 'mock-server/app.ts' && !entries.has(from) ? 'use the host (core/tenancy/host.ts) or mock-server/index.ts' : undefined;
    expect(['mock-server', 'contract-tests', 'bench', 'fixtures'].flatMap((d) => violations(d, rule))).toEqual([]);
  });

  it('When a file is written by hand, then it stays under 600 lines', () => {
    const long = ['mock-server', 'contract-tests', 'bench', 'fixtures', 'spec/codegen', 'scripts']
      .flatMap((d) => sources(d))
      .map((f) => ({ f: relative(ROOT, f), n: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.n > 600)
      .map((x) => `${x.f}: ${x.n} lines`);
    expect(long).toEqual([]);
  });

  it('When a domain grows past 1,500 lines, then the rest lives in sub-area folders', () => {
    const big: string[] = [];
    for (const d of readdirSync(join(ROOT, 'mock-server/domains'), { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      const dir = join(ROOT, 'mock-server/domains', d.name);
      const top = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
        .reduce((n, e) => n + readFileSync(join(dir, e.name), 'utf8').split('\n').length, 0);
      if (top > 1500) big.push(`domains/${d.name}: ${top} lines outside sub-area folders`);
    }
    expect(big).toEqual([]);
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
