/**
 * Cold start (issue 19 item 6): what the first request (GET gettoken) does not need is not loaded at
 * start — the JSON body validators (over 1 MB of generated code) and, in the bundled command, the TLS
 * frontends with node-forge, verify-client, faker and the https/zlib built-ins.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startMockServer } from './index.js';
import { bodyValidatorsLoaded } from './core/pipeline/validate.js';

const CLI = fileURLToPath(new URL('../dist/wecom-mock.mjs', import.meta.url));

/** The files Node loads before running the entry: the entry and its static imports, transitively. */
function staticGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    // Static imports only (`import … from "./x.mjs"` / `import "./x.mjs"`), never `import("…")`.
    // The bundle is written without white space: `import{a}from"./x.mjs";` as well as `import "./x.mjs";`.
    for (const m of text.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[^;"'()]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) visit(join(dirname(file), m[1]!));
  };
  visit(entry);
  return seen;
}

describe('start-up', () => {
  it('When the mock answers a GET, then the body validators are still not loaded; a POST loads them', async () => {
    const mock = await startMockServer();
    try {
      const app = mock.corp.apps[0]!;
      const r = await fetch(`${mock.url}/cgi-bin/gettoken?corpid=${mock.corp.corpid}&corpsecret=${app.secret}`);
      const { access_token } = (await r.json()) as { access_token: string };
      expect(bodyValidatorsLoaded()).toBe(false);
      const sent = await fetch(`${mock.url}/cgi-bin/user/list_id?access_token=${access_token}`, { method: 'POST', body: JSON.stringify({ limit: -1 }) });
      expect(((await sent.json()) as { errcode: number }).errcode).not.toBe(0);
      expect(bodyValidatorsLoaded()).toBe(true);
    } finally {
      await mock.close();
    }
  });

  it.skipIf(!existsSync(CLI))('When the bundled command starts, then node-forge, verify-client and the body validators are not among the files it loads', () => {
    const graph = staticGraph(CLI);
    const text = [...graph.values()].join('\n');
    const bytes = [...graph.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
    expect(text).not.toMatch(/forge\.pki/);
    expect(text).not.toMatch(/spec-conformance/);
    // faker's locale data (~600 KB): the demo corp's seed is prebuilt (fixtures/factories/prebuilt.ts).
    expect(text).not.toMatch(/Aaliyah/);
    // node:https/tls (callbacks to https URLs) and node:zlib (the data dir) load when used.
    expect(text).not.toMatch(/from\s*["']node:(https|tls|zlib)["']/);
    // ASCII only (non-ASCII text is escaped), which Node decodes and V8 scans fastest.
    expect([...graph.keys()].filter((f) => /[^\x00-\x7f]/.test(graph.get(f)!))).toEqual([]);
    // The start graph holds every domain's code (41 domains, 1.7 MB at 555 WeCom operations): a bound that
    // catches a large module pulled in by mistake, not a budget per domain.
    expect(bytes).toBeLessThan(2_500_000);
    // The body validators are reached only through import(): most of their code is outside the start graph.
    const chunks = join(dirname(CLI), 'chunks');
    const body = existsSync(chunks) ? readdirSync(chunks).find((f) => f.startsWith('validators-body-')) : undefined;
    expect(body).toBeDefined();
    const lazy = [...staticGraph(join(chunks, body!))].filter(([f]) => !graph.has(f));
    expect(lazy.reduce((n, [, t]) => n + Buffer.byteLength(t), 0)).toBeGreaterThan(500_000);
  });
});
