/** The installed package: its root folder (the nearest package.json named wecom-mock above this module) and version. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: { dir: string; version: string } | undefined;

function packageRoot(): { dir: string; version: string } {
  if (root) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'wecom-mock' && pkg.version) return (root = { dir, version: pkg.version });
    } catch {
      // no package.json here: look further up
    }
    if (dirname(dir) === dir) throw new Error('wecom-mock: cannot find the package root (package.json named wecom-mock)');
  }
}

export function packageVersion(): string {
  return packageRoot().version;
}

/** A file shipped with the package (`spec/generated/openapi.json` …), read once. */
const files = new Map<string, unknown>();
export function packageJsonFile(relative: string): unknown {
  if (!files.has(relative)) files.set(relative, JSON.parse(readFileSync(join(packageRoot().dir, relative), 'utf8')));
  return files.get(relative);
}

/** The package's root folder (where package.json is): files shipped with it are found from here. */
export function packageDir(): string {
  return packageRoot().dir;
}
