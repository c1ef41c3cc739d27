/** The package's version, read from the nearest package.json named wecom-mock above this module. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'wecom-mock' && pkg.version) return (cached = pkg.version);
    } catch {
      // no package.json here: look further up
    }
    if (dirname(dir) === dir) return (cached = '0.0.0');
  }
}
