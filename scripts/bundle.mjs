// Bundles the `wecom-mock` command into one file (dist/wecom-mock.mjs), run after tsc by `npm run build`.
// Why: Node's ESM loader resolves and compiles each of the ~150 modules separately, which alone took
// longer than the whole cold-start budget (< 300 ms to the first answer); one file loads in a fraction.
import { build } from 'esbuild';

await build({
  entryPoints: ['mock-server/cli.ts'],
  outfile: 'dist/wecom-mock.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ES module one.
  banner: { js: "import { createRequire as __wecomMockRequire } from 'node:module'; const require = __wecomMockRequire(import.meta.url);" },
});
