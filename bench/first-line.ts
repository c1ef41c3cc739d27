/** What the bench's children say first: the line a mock or a receiver prints when it is ready. */
import type { ChildProcess } from 'node:child_process';

/** Resolves with the first line `child` writes to stdout; rejects if it exits before (`what` names it). */
export function firstLine(child: ChildProcess, what: string): Promise<string> {
  let buf = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}
