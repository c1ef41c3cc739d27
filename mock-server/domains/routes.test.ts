/**
 * Every handler key is an operation of its own domain: the route maps exported by domains/<d>/routes.ts
 * hold only operationIds whose spec tag is the folder name (the type check already refuses a key that is
 * no operation at all; this catches a handler filed under another domain).
 */
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../spec/generated/operations.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TAG_OF = new Map(OPERATIONS.map((op) => [op.operationId, op.tag]));

/** Each domain folder with a routes.ts, and the route maps it exports (`<name>Routes`). */
async function domainRouteMaps(): Promise<Array<{ domain: string; keys: string[] }>> {
  const out: Array<{ domain: string; keys: string[] }> = [];
  for (const e of readdirSync(HERE, { withFileTypes: true })) {
    const file = join(HERE, e.name, 'routes.ts');
    if (!e.isDirectory() || !existsSync(file)) continue;
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const keys = Object.entries(mod)
      .filter(([name, v]) => name.endsWith('Routes') && typeof v === 'object' && v !== null)
      .flatMap(([, v]) => Object.keys(v as object));
    out.push({ domain: e.name, keys });
  }
  return out;
}

describe('domain route maps', () => {
  it('When a domain exports handlers, then each key is an operation tagged with the domain', async () => {
    const maps = await domainRouteMaps();
    expect(maps.map((m) => m.domain)).toContain('contacts');
    const misplaced = maps.flatMap(({ domain, keys }) =>
      keys.filter((k) => TAG_OF.get(k) !== domain).map((k) => `${domain}: ${k} (tag ${TAG_OF.get(k) ?? 'none'})`),
    );
    expect(misplaced).toEqual([]);
    for (const m of maps) expect(m.keys.length, m.domain).toBeGreaterThan(0);
  });
});
