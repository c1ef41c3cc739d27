// Bundles the `wecom-mock` command into one file (dist/wecom-mock.mjs), run after tsc by `npm run build`.
// Why: Node's ESM loader resolves and compiles each of the ~150 modules separately, which alone took
// longer than the whole cold-start budget (< 300 ms to the first answer); one file loads in a fraction.
// Split: what is imported dynamically (the TLS frontends and node-forge, verify-client, the JSON body
// validators) goes to dist/chunks/ and is parsed only when used, not at every start.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { parse } from 'yaml';

// The scenarios pre-parsed (dist/scenarios/<name>.json, read by fixtures/factories/scenario.ts): the YAML
// files stay the source; a cold YAML parser cost a visible share of the start-up.
mkdirSync('dist/scenarios', { recursive: true });
for (const f of readdirSync('fixtures/scenarios').filter((n) => n.endsWith('.yaml'))) {
  writeFileSync(`dist/scenarios/${f.replace(/\.yaml$/, '.json')}`, JSON.stringify(parse(readFileSync(`fixtures/scenarios/${f}`, 'utf8'))));
}

rmSync('dist/chunks', { recursive: true, force: true });
await build({
  entryPoints: { 'wecom-mock': 'mock-server/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ES module one.
  banner: { js: "import { createRequire as __wecomMockRequire } from 'node:module'; const require = __wecomMockRequire(import.meta.url);" },
});
