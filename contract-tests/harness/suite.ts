/**
 * The opening every suite file shares: the target of this run (openTarget: WECOM_BASE_URL or an in-process
 * mock), closed once the file's tests are done. Suites only (it registers a vitest hook), so the build leaves
 * it out (tsconfig.build.json).
 */
import { afterAll } from 'vitest';
import { openTarget, type Target } from './target.js';

export async function suiteTarget(): Promise<Target> {
  const target = await openTarget();
  afterAll(() => target.close());
  return target;
}
