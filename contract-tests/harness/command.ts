/** A built command (e.g. dist/wecom-mock.mjs) started as a child process, for tests that drive it as users do. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface StartedCommand {
  child: ChildProcess;
  /** The first line it printed on stdout (the banner's first line, or the --json line). */
  firstLine: string;
  /** Everything printed so far, stdout and stderr. */
  output: () => string;
}

/**
 * Starts `node <cli> <args>` and resolves with its first stdout line; rejects with what it printed when it exits
 * first. The child is added to `children` so the test can stop it.
 */
export function startCommand(cli: string, args: string[], children: ChildProcess[]): Promise<StartedCommand> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, firstLine: out.slice(0, nl), output: () => out });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}
