/**
 * The generator reads which operations have a handler from the source text (implemented.ts) so that it imports
 * no server code. These checks hold that reading to the real handler table, so the two cannot drift apart
 * silently, and pin the reader's and the reachability check's rules on small trees of their own.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../generated/operations.js';
import { implementedOperations } from '../../mock-server/domains/registry.js';
import { ROOT } from './common.js';
import { readImplemented } from './implemented.js';
import { unreachableSpecFiles } from './reach.js';
import { COVERAGE_FILE } from './coverage.js';

const ids = new Set(OPERATIONS.map((o) => o.operationId));
const wecom = new Set(OPERATIONS.filter((o) => o.path.startsWith('/cgi-bin/') || o.path.startsWith('/mmpaymkttransfers/')).map((o) => o.operationId));

describe('the handler keys the generator reads', () => {
  it('are exactly the keys of the runtime handler table', () => {
    const read = readImplemented(ROOT, ids);
    expect([...read.keys()].sort()).toEqual([...implementedOperations()].sort());
  });

  it('are what COVERAGE.md marks implemented', () => {
    const rows = readFileSync(join(ROOT, COVERAGE_FILE), 'utf8')
      .split('\n')
      .map((l) => /^\| [^|]+ \| [A-Z]+ \| `[^`]+` \| `([^`]+)` \| (yes|no) \|$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    expect(rows.map((m) => m[1]).sort()).toEqual([...wecom].sort());
    const yes = rows.filter((m) => m[2] === 'yes').map((m) => m[1]!);
    expect(yes.sort()).toEqual([...implementedOperations()].filter((id) => wecom.has(id)).sort());
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wecom-mock-codegen-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('readImplemented', () => {
  const spec = new Set(['user_get', 'user_create', 'user_delete', 'tag_list', 'appchat_send', 'linkedcorp_get', 'kf_list', 'gettoken']);

  it('collects operationId keys of routes files and of tables named routes, following names through imports and re-exports', () => {
    const root = tree({
      'mock-server/domains/contacts/members/routes.ts': `
        import { helper } from '../../kit.js';
        export const memberRoutes = { user_get: (ctx) => helper({ userid: 1 }), 'user_create': async (ctx) => ({}), ['user_delete'](ctx) { return {}; } };`,
      'mock-server/domains/contacts/index.ts': `
        import { memberRoutes } from './members/routes.js';
        import { tagRoutes as tags } from './tags/index.js';
        export const contacts = { name: 'contacts', routes: { ...memberRoutes, ...tags } };`,
      'mock-server/domains/contacts/tags/index.ts': `export { tagRoutes } from './table.js';`,
      'mock-server/domains/contacts/tags/table.ts': `export const tagRoutes = defineRoutes({ tag_list: () => ({}) });`,
      'mock-server/domains/message/routes.ts': `
        import { chatRoutes } from './appchat.js';
        export const messageRoutes = { ...chatRoutes, ...chatRoutes };`,
      'mock-server/domains/message/appchat.ts': `export const chatRoutes = { appchat_send } satisfies Routes;`,
      // Not a routes file and spread from none: an operationId key there is not a handler.
      'mock-server/domains/kf/rules.ts': `export const limits = { kf_list: 100 };`,
      'mock-server/domains/kf/routes.test.ts': `const x = { linkedcorp_get: 1 };`,
      // A key that is no operationId of the spec is ignored.
      'mock-server/domains/tokens/routes.ts': `export const tokensRoutes = { gettoken: () => ({}), not_in_spec: () => ({}) };`,
    });
    const read = readImplemented(root, spec);
    expect([...read.keys()].sort()).toEqual(['appchat_send', 'gettoken', 'tag_list', 'user_create', 'user_delete', 'user_get']);
    expect(read.get('tag_list')).toBe(join('mock-server', 'domains', 'contacts', 'tags', 'table.ts'));
    expect(read.get('appchat_send')).toBe(join('mock-server', 'domains', 'message', 'appchat.ts'));
  });

  it('counts a table spread into a routes file from a plain module, but not the same table left unused', () => {
    const used = tree({
      'mock-server/domains/contacts/routes.ts': `import { t } from './tags.js'; export const r = { ...t };`,
      'mock-server/domains/contacts/tags.ts': `export const t = { tag_list: () => ({}) };`,
    });
    expect([...readImplemented(used, spec).keys()]).toEqual(['tag_list']);
    const unused = tree({
      'mock-server/domains/contacts/routes.ts': `export const r = {};`,
      'mock-server/domains/contacts/tags.ts': `export const t = { tag_list: () => ({}) };`,
    });
    expect([...readImplemented(unused, spec).keys()]).toEqual([]);
  });
});

describe('unreachableSpecFiles', () => {
  it('names the files of paths/, components/ and webhooks/ that no $ref chain from openapi.yaml reaches', () => {
    const root = tree({
      'spec/openapi.yaml': `paths:\n  /a:\n    $ref: paths/a/a.yaml\nwebhooks:\n  e:\n    post:\n      requestBody:\n        content:\n          application/xml:\n            schema:\n              $ref: './webhooks/E.yaml#/properties/x'\n`,
      'spec/paths/a/a.yaml': `get:\n  responses:\n    '200':\n      $ref: ../../components/responses/Ok.yaml\n`,
      'spec/components/responses/Ok.yaml': `content:\n  application/json:\n    schema:\n      $ref: '#/$defs/x'\n$defs:\n  x:\n    $ref: ../schemas/Deep.yaml\n`,
      'spec/components/schemas/Deep.yaml': `type: object\n`,
      'spec/webhooks/E.yaml': `properties:\n  x:\n    type: string\n`,
      'spec/paths/a/old.yaml': `get: {}\n`,
      'spec/components/schemas/Orphan.yaml': `$ref: Deep.yaml\n`,
      'spec/webhooks/Gone.yaml': `type: object\n`,
      'spec/paths/a/notes.txt': `not a spec file`,
    });
    expect(unreachableSpecFiles(root)).toEqual([
      join('spec', 'components', 'schemas', 'Orphan.yaml'),
      join('spec', 'paths', 'a', 'old.yaml'),
      join('spec', 'webhooks', 'Gone.yaml'),
    ]);
  });
});
