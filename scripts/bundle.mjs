// Bundles the `wecom-mock` command into one file (dist/wecom-mock.mjs), run after tsc by `npm run build`.
// Why: Node's ESM loader resolves and compiles each of the ~150 modules separately, which alone took
// longer than the whole cold-start budget (< 300 ms to the first answer); one file loads in a fraction.
// Split: what is imported dynamically (the TLS frontends and node-forge, verify-client, the JSON body
// validators) goes to dist/chunks/ and is parsed only when used, not at every start.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { parse } from 'yaml';

// The scenarios pre-parsed (dist/scenarios/<name>.json, read by fixtures/factories/scenario.ts): the YAML
// files stay the source; a cold YAML parser cost a visible share of the start-up.
mkdirSync('dist/scenarios', { recursive: true });
for (const f of readdirSync('fixtures/scenarios').filter((n) => n.endsWith('.yaml'))) {
  writeFileSync(`dist/scenarios/${f.replace(/\.yaml$/, '.json')}`, JSON.stringify(parse(readFileSync(`fixtures/scenarios/${f}`, 'utf8'))));
}

// The demo corps' seeds prebuilt (dist/scenarios/<scenario>.seed-<n>.<corpid>.json, read by fixtures/factories/prebuilt.ts):
// the command's start-up then neither loads faker nor runs the generators. Built by the tsc output of fixtures/,
// after the old files are gone (so the build never reads its own previous output).
for (const f of readdirSync('dist/scenarios').filter((n) => n.includes('.seed-'))) rmSync(`dist/scenarios/${f}`);
{
  const fixtures = await import('../dist/fixtures/index.js');
  for (const k of fixtures.PREBUILT) {
    const seed = fixtures.buildCorp(k.seed, k.scenario, { corpid: k.corpid });
    writeFileSync(`dist/scenarios/${fixtures.prebuiltSeedFile(k)}`, JSON.stringify(seed));
  }
}

// The web console's and docs page's browser modules (mock-server/web/console/pages.ts serves them from
// dist/console in an installed package, where the sources are not shipped): copied as they are, no build.
rmSync('dist/console', { recursive: true, force: true });
cpSync('mock-server/web/console/assets', 'dist/console', { recursive: true });

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
  // Without white space and comments the start-up compiles ~15 % less text, and the files are ASCII (esbuild
  // escapes non-ASCII in strings; comments were the rest), which Node decodes and V8 scans fastest. Names are kept,
  // so stack traces still name the functions.
  minifyWhitespace: true,
  // Some dependencies are CommonJS and call require(); give the ES module one.
  banner: { js: "import { createRequire as __wecomMockRequire } from 'node:module'; const require = __wecomMockRequire(import.meta.url);" },
});

// The contract suites for `wecom-contract` in an installed package (dist/contract-tests/suites): compiled one
// file per file, not bundled, so their `../../harness/*.js` imports land on tsc's output. The TypeScript sources
// are not shipped. Suites that import a devDependency (the browser flows, the aibot SDK, openapi-typescript,
// form-data) cannot run where only `dependencies` are installed: they stay in the git checkout.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const runtime = new Set(['vitest', ...Object.keys(pkg.dependencies ?? {})]);
const bare = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const suiteFiles = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.ts')) suiteFiles.push(p);
  }
};
walk('contract-tests/suites');
const shipped = suiteFiles.filter((f) => {
  const imports = [...readFileSync(f, 'utf8').matchAll(/from '([^'.][^']*)'/g)].map((m) => m[1]);
  return imports.every((i) => i.startsWith('node:') || runtime.has(bare(i)));
});
rmSync('dist/contract-tests/suites', { recursive: true, force: true });
await build({
  entryPoints: shipped,
  outbase: 'contract-tests/suites',
  outdir: 'dist/contract-tests/suites',
  bundle: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
// The vitest settings of the checkout's vitest.config.ts, for the compiled suites (read by contract-tests/runner.ts).
writeFileSync(
  'dist/contract-tests/vitest.config.js',
  `// Written by scripts/bundle.mjs: the settings wecom-contract runs the compiled suites with.\nexport default { test: { include: ['dist/contract-tests/suites/**/*.test.js'], exclude: ['**/node_modules/**'], testTimeout: 30000, hookTimeout: 60000, pool: 'forks' } };\n`,
);
