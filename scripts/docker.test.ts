/**
 * The Dockerfile builds and the container answers: built only where a docker daemon answers, otherwise
 * skipped with the reason in the test's title and on stderr. Pulling node:20-slim needs the network; when
 * the pull fails the test is skipped with that reason (not failed): the sandboxes that run `npm test` often
 * have no registry but npm's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function why(): string | undefined {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  if (info.error) return `docker is not installed (${(info.error as NodeJS.ErrnoException).code ?? info.error.message})`;
  if (info.status !== 0) return `no docker daemon answers (${(info.stderr || info.stdout).trim().split('\n')[0]})`;
  const pull = spawnSync('docker', ['pull', '-q', 'node:20-slim'], { encoding: 'utf8', timeout: 180_000 });
  if (pull.status !== 0) return `node:20-slim cannot be pulled (${(pull.stderr || 'timed out').trim().split('\n')[0]})`;
  return undefined;
}

const reason = process.env['WECOM_MOCK_DOCKER'] === '0' ? 'WECOM_MOCK_DOCKER=0' : why();
if (reason) console.warn(`docker image test skipped: ${reason}`);

describe('Dockerfile', () => {
  it('When read, then it is node:20-slim, non-root, with a health check on /__mock/health and /data as a volume', () => {
    const text = readFileSync(`${root}Dockerfile`, 'utf8');
    expect(text.match(/^FROM node:20-slim/gm)?.length).toBe(2);
    expect(text).toMatch(/^USER node$/m);
    expect(text).toMatch(/^HEALTHCHECK [\s\S]*\/__mock\/health/m);
    expect(text).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(text).toMatch(/WECOM_MOCK_DATA_DIR=\/data/);
    const ignore = readFileSync(`${root}.dockerignore`, 'utf8').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });

  it.skipIf(reason !== undefined)(
    reason ? `builds and answers — SKIPPED: ${reason}` : 'When built and run, then the container turns healthy and answers gettoken as a non-root user',
    { timeout: 900_000 },
    () => {
      const tag = `wecom-mock-test:${process.pid}`;
      execFileSync('docker', ['build', '-q', '-t', tag, root], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 800_000 });
      const id = execFileSync('docker', ['run', '-d', '--rm', '-e', 'WECOM_MOCK_ADMIN_TOKEN=t', '-p', '127.0.0.1::8080', tag], { encoding: 'utf8' }).trim();
      try {
        let health = '';
        for (let i = 0; i < 60 && health !== 'healthy'; i++) {
          health = execFileSync('docker', ['inspect', '-f', '{{.State.Health.Status}}', id], { encoding: 'utf8' }).trim();
          if (health !== 'healthy') spawnSync('sleep', ['1']);
        }
        expect(health).toBe('healthy');
        expect(execFileSync('docker', ['exec', id, 'id', '-u'], { encoding: 'utf8' }).trim()).not.toBe('0');
        const port = execFileSync('docker', ['port', id, '8080'], { encoding: 'utf8' }).trim().split(':').at(-1);
        const logs = execFileSync('docker', ['logs', id], { encoding: 'utf8' });
        const secret = /agentid \d+\s+secret (\S+)/.exec(logs)?.[1] ?? '';
        const out = execFileSync('node', ['-e', `fetch('http://127.0.0.1:${port}/cgi-bin/gettoken?corpid=ww000000000000000a&corpsecret=${secret}').then(r=>r.text()).then(t=>process.stdout.write(t))`], { encoding: 'utf8' });
        expect(JSON.parse(out)).toMatchObject({ errcode: 0 });
      } finally {
        spawnSync('docker', ['rm', '-f', id]);
        spawnSync('docker', ['rmi', '-f', tag]);
      }
    },
  );
});
