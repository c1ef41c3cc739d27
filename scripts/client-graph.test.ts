/**
 * `wecom-mock/client` is meant for production code (issue 24): imported alone it must load nothing of the
 * server — no faker, node-forge, ajv, no mock-server module. Walks the compiled imports (static and dynamic)
 * from dist/, the files the package's `exports` point at. Needs dist/ (`npm test` builds it first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = resolve(import.meta.dirname, '..', 'dist');

function graph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      if (spec.startsWith('.')) queue.push(join(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files: [...files].map((f) => relative(dist, f)).sort(), packages: [...packages].sort() };
}

describe('wecom-mock/client module graph', () => {
  const pkg = JSON.parse(readFileSync(resolve(dist, '..', 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
  const entry = resolve(dist, '..', pkg.exports['./client']!.default);

  it('imports openapi-fetch and the generated errcodes, nothing of the server', () => {
    expect(existsSync(entry), `${entry} is built`).toBe(true);
    const { files, packages } = graph(entry);
    expect(packages).toEqual(['openapi-fetch']);
    expect(files.filter((f) => f.startsWith('mock-server/') || f.startsWith('fixtures/'))).toEqual([]);
    expect(files).toContain('spec/generated/errcodes.js');
  });

  it('the walk sees the server when it is there (the library entry)', () => {
    const { packages } = graph(resolve(dist, '..', pkg.exports['.']!.default));
    // (faker is not among them: fixtures/factories/faker.ts requires it at run time, which the walk cannot see;
    // the check above keeps fixtures/ itself out of the client's graph.)
    expect(packages).toEqual(expect.arrayContaining(['ajv', 'node-forge']));
  });
});
