/**
 * The package as a user gets it (issue 24): `npm pack`, the tarball installed into a fresh project, then its
 * two commands and its two entries used from there — not from this checkout, where the sources, the
 * devDependencies and contract-tests/ hide what the tarball lacks. Needs dist/ (`npm test` builds it first)
 * and the npm registry (the tarball's dependencies are installed; the npm cache makes repeats quick).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
// The tests of this repository must not leak their own settings into the installed package's runs.
delete env['WECOM_BASE_URL'];
delete env['VITEST'];
delete env['VITEST_POOL_ID'];
delete env['VITEST_WORKER_ID'];
delete env['NODE_OPTIONS'];
// Under `npx -p node@24` (npm run test:node24) npm passes its package list on; an inner `npx --no-install` would
// then refuse to run for want of installing node@24 again.
delete env['npm_config_package'];

let dir: string;
let project: string;
let packed: string[];

function npx(args: string[], timeout = 60_000) {
  return run('npx', ['--no-install', ...args], { cwd: project, env, timeout, maxBuffer: 16 << 20 });
}

beforeAll(async () => {
  expect(existsSync(join(repo, 'dist', 'wecom-mock.mjs')), 'dist/ is built (npm run build)').toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'wecom-mock-pack-'));
  // prepare would build again: npm test has just built dist/.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repo, env, maxBuffer: 64 << 20 });
  const info = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  packed = info.files.map((f) => f.path);
  project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-smoke', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(dir, info.filename)], {
    cwd: project,
    env,
    timeout: 120_000,
  });
}, 150_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('carries what runs and nothing of the build or the tests', () => {
    expect(packed).toContain('dist/wecom-mock.mjs');
    expect(packed).toContain('dist/contract-tests/cli.js');
    expect(packed).toContain('dist/contract-tests/suites/tokens/gettoken.contract.test.js');
    expect(packed).toContain('spec/generated/openapi.json');
    expect(packed).toContain('LICENSE');
    expect(packed).toContain('dist/console/console.js');
    expect(packed).toContain('dist/console/docs.js');
    expect(packed.filter((f) => f.endsWith('.tsbuildinfo'))).toEqual([]);
    expect(packed.filter((f) => f.startsWith('dist/bench/'))).toEqual([]);
    // Test files: only the compiled contract suites, which wecom-contract runs.
    expect(packed.filter((f) => /\.test\.[cm]?[jt]s$/.test(f) && !f.startsWith('dist/contract-tests/suites/'))).toEqual([]);
    // TypeScript sources: none (declarations only).
    expect(packed.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('wecom-mock --version prints the version', async () => {
    const { stdout } = await npx(['wecom-mock', '--version']);
    expect(stdout.trim()).toContain(version);
  });

  describe('a running wecom-mock from the package', () => {
    let child: ChildProcess;
    let banner: { url: string; corp: { corpid: string; secrets: { contacts: string } } };

    beforeAll(async () => {
      child = spawn(join(project, 'node_modules', '.bin', 'wecom-mock'), ['--port', '0', '--json'], { cwd: project, env, stdio: ['ignore', 'pipe', 'inherit'] });
      const line = await new Promise<string>((ok, fail) => {
        createInterface({ input: child.stdout! }).once('line', ok);
        child.once('exit', (code) => fail(new Error(`wecom-mock exited with ${code}`)));
      });
      banner = JSON.parse(line) as typeof banner;
    }, 30_000);

    afterAll(() => {
      child?.kill();
    });

    it('answers gettoken', async () => {
      const { corpid, secrets } = banner.corp;
      const res = await fetch(`${banner.url}/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${encodeURIComponent(secrets.contacts)}`);
      const body = (await res.json()) as { errcode: number; access_token?: string; expires_in?: number };
      expect(body.errcode).toBe(0);
      expect(body.access_token).toMatch(/\S{16,}/);
      expect(body.expires_in).toBe(7200);
    });

    it('serves the console and the docs page from the package (its own files, Redoc from the installed redoc)', async () => {
      for (const path of ['/__mock/console', '/__mock/console/console.js', '/__mock/console/pages.js', '/__mock/docs', '/__mock/docs/docs.js', '/__mock/docs/redoc.standalone.js']) {
        const res = await fetch(`${banner.url}${path}`);
        expect(res.status, path).toBe(200);
        expect((await res.text()).length, path).toBeGreaterThan(100);
      }
    });

    it('wecom-contract runs the shipped suites against it and writes JUnit', async () => {
      const junit = join(dir, 'contract.xml');
      const { stdout } = await npx(['wecom-contract', '--target', banner.url, '--junit', junit, 'suites/tokens/', 'suites/health/'], 80_000);
      expect(stdout).toMatch(/[1-9]\d* passed, 0 failed/);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toContain('<testsuite name="dist/contract-tests/suites/tokens/gettoken.contract.test.js"');
      expect(xml).not.toContain('<failure');
    }, 90_000);
  });

  it('wecom-contract fuzz --runs 200 finds nothing', async () => {
    const { stdout } = await npx(['wecom-contract', 'fuzz', '--runs', '200'], 80_000);
    expect(stdout).toMatch(/wecom-contract fuzz: \d+ requests over \d+ operations .* no finding/);
  }, 90_000);

  it('the library and the client entry type-check from TypeScript', async () => {
    const src = join(project, 'use.ts');
    writeFileSync(
      src,
      `import { createApp, startMockServer, DEMO_CORPID, type MockApp } from 'wecom-mock';
import { createWeComClient, type WeComClient } from 'wecom-mock/client';

export async function use(): Promise<number> {
  const mock = await startMockServer({ port: 0 });
  const app: MockApp = createApp();
  void app;
  const client: WeComClient = createWeComClient({ baseUrl: mock.url, corpid: DEMO_CORPID, corpsecret: 'x' });
  void client;
  // Types, not \`any\`: a wrong option must not compile.
  // @ts-expect-error corpid is a string
  createWeComClient({ corpid: 1, corpsecret: 'x' });
  await mock.close();
  return 0;
}
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          // The dependencies' own declarations are not ours to check; the @ts-expect-error above fails if ours resolve to any.
          skipLibCheck: true,
          // The user's project brings its own @types/node; this checkout's stands in for it.
          typeRoots: [join(repo, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', project], { cwd: project, env }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? String(e) }));
    expect(result.stdout).toBe('');
    expect(readdirSync(project)).not.toContain('use.js');
  }, 60_000);
});
