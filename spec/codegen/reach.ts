/**
 * Spec files that nothing uses: a file under spec/paths/, spec/components/ or spec/webhooks/ that no `$ref`
 * chain from spec/openapi.yaml reaches is left over from a rename or a removal, and the bundle silently
 * ignores it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isObject, readYaml, type Json } from './common.js';

const SPEC_FILE = /\.(ya?ml|json)$/;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (SPEC_FILE.test(e.name)) out.push(p);
  }
  return out;
}

/** Every file a `$ref` chain from `entry` reaches (the entry included), as absolute paths. */
export function reachableFiles(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(file)) continue;
    const walk = (node: Json): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (isObject(node)) {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') {
            const target = v.split('#')[0]!;
            if (target) queue.push(resolve(dirname(file), decodeURI(target)));
          } else walk(v);
        }
      }
    };
    walk(readYaml(file) as Json);
  }
  return seen;
}

/** Spec files under paths/, components/ and webhooks/ that no `$ref` reaches from openapi.yaml, relative to `root`. */
export function unreachableSpecFiles(root: string): string[] {
  const spec = join(root, 'spec');
  const reached = reachableFiles(join(spec, 'openapi.yaml'));
  return ['paths', 'components', 'webhooks']
    .flatMap((d) => listFiles(join(spec, d)))
    .filter((f) => !reached.has(f))
    .map((f) => relative(root, f))
    .sort();
}
