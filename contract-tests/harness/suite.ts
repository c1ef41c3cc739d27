/**
 * The opening every suite file shares: the target of this run (openTarget: WECOM_BASE_URL or an in-process
 * mock), closed once the file's tests are done (a vitest hook: suites only, the shipped ones included).
 */
import { afterAll } from 'vitest';
import { openTarget, type Target } from './target.js';

export async function suiteTarget(): Promise<Target> {
  const target = await openTarget();
  afterAll(() => target.close());
  return target;
}
