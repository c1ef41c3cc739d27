/**
 * `npm run gen` / `npm run gen:check`: turns the hand-written spec into spec/generated/ and the coverage report.
 *
 * Outputs (all machine-owned, committed, with a DO-NOT-EDIT banner). Whole-spec files:
 *   openapi.json          the bundled OpenAPI document (pipeline errcodes merged into x-wecom-errcodes)
 *   openapi.wecom.json    the same without the control plane and the mock's file stand-ins (WeCom clients)
 *   errcodes.ts           the error catalogue as typed constants
 *   limits.ts             limits.yaml as typed constants
 *   events.ts             json-schema-to-typescript types of spec/webhooks/** (callback events)
 * Per tag (= domain), in spec/generated/<tag>/, so that editing one domain's spec rewrites only its folder:
 *   operations.ts         the route table rows the server mounts (method, path, auth, errcodes, field codes…)
 *   validators-query.ts   ajv standalone validators of query parameters (types coerced from strings)
 *   validators-query-loaders.ts   a dynamic import of each tag's query validators (loaded on first need)
 *   validators-body.ts    ajv standalone validators of JSON bodies (no coercion, as WeCom)
 *   openapi.ts            openapi-typescript types of the tag's paths and operations
 * with a root file per kind (spec/generated/operations.ts, validators-*.ts, openapi.ts) assembling the tags.
 * And COVERAGE.md (every WeCom operation, implemented or not) and one line per area in README.md.
 *
 * The generator imports no server code: which operations have a handler is read from the source text
 * (implemented.ts). It fails on spec files no `$ref` reaches (reach.ts).
 *
 * With --check nothing is written; the command fails when any output differs from what is on disk or when
 * spec/generated/ holds a file that is no longer generated.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { bundle, loadConfig } from '@redocly/openapi-core';
import { OUT, ROOT, SPEC, isObject, readYaml, type CatalogueEntry, type Json, type JsonObject } from './common.js';
import { describeOperation, HTTP_METHODS, type OperationRow } from './describe.js';
import { renderErrcodes, renderEvents, renderLimits } from './render.js';
import {
  TAG_NAME,
  renderOperationsRoot,
  renderOperationsTag,
  renderTypes,
  renderValidators,
  renderQueryValidatorLoaders,
  renderValidatorsRoot,
} from './render-tags.js';
import { readImplemented } from './implemented.js';
import { unreachableSpecFiles } from './reach.js';
import { wecomOnly } from './wecom-only.js';
import { COVERAGE_FILE, renderCoverage, renderReadme } from './coverage.js';

const CHECK = process.argv.includes('--check');
const GEN = relative(ROOT, OUT);

async function main(): Promise<void> {
  /** Output path relative to the repository root → content. */
  const outputs = new Map<string, string>();
  const gen = (name: string, content: string): void => {
    outputs.set(`${GEN}/${name}`, content);
  };
  const problems: string[] = [];

  // 1. The catalogue and the limits.
  const catalogue = (readYaml(join(SPEC, 'errcodes.yaml')) as { codes: CatalogueEntry[] }).codes;
  const byName = new Map(catalogue.map((e) => [e.name, e]));
  const limits = readYaml(join(SPEC, 'limits.yaml')) as Record<string, Record<string, Record<string, Json>>>;
  const limitNames = new Set<string>();
  for (const group of Object.values(limits)) for (const name of Object.keys(group)) limitNames.add(name);

  gen('errcodes.ts', renderErrcodes(catalogue));
  gen('limits.ts', renderLimits(limits, byName, problems));

  // 2. Bundle the OpenAPI document; report files the bundle never reads.
  const config = await loadConfig({ configPath: join(ROOT, 'redocly.yaml') });
  const bundled = await bundle({ ref: join(SPEC, 'openapi.yaml'), config });
  for (const p of bundled.problems) {
    if (p.severity === 'error') problems.push(`bundle: ${p.message}`);
  }
  for (const f of unreachableSpecFiles(ROOT)) problems.push(`${f}: no $ref from spec/openapi.yaml reaches it (delete it or reference it)`);
  const doc = bundled.bundle.parsed as JsonObject;
  const paths = doc['paths'] as Record<string, JsonObject>;
  const components = (doc['components'] ?? {}) as JsonObject;

  // 3. Walk the operations: merge pipeline codes, build the route table and validator schemas, by tag.
  const ops: OperationRow[] = [];
  const tags: string[] = [];
  const query = new Map<string, Record<string, JsonObject>>();
  const body = new Map<string, Record<string, JsonObject>>();
  for (const [path, item] of Object.entries(paths)) {
    const itemTags = new Set<string>();
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const { row, query: q, body: b } = describeOperation(path, method, item, op, doc, components, byName, limitNames, problems);
      const where = `${row.method} ${path}`;
      if (!TAG_NAME.test(row.tag)) problems.push(`${where}: its first tag must be a domain name (${String(TAG_NAME)}), is '${row.tag}'`);
      itemTags.add(row.tag);
      ops.push(row);
      if (!tags.includes(row.tag)) tags.push(row.tag);
      if (q) (query.get(row.tag) ?? query.set(row.tag, {}).get(row.tag)!)[row.operationId] = q;
      if (b) (body.get(row.tag) ?? body.set(row.tag, {}).get(row.tag)!)[row.operationId] = b;
    }
    if (itemTags.size > 1) problems.push(`${path}: its operations have different tags (${[...itemTags].join(', ')}); a path belongs to one domain`);
  }
  const tagOf = new Map<string, string>();
  for (const o of ops) {
    if (tagOf.has(o.operationId)) problems.push(`duplicate operationId ${o.operationId}`);
    tagOf.set(o.operationId, o.tag);
  }
  if (problems.length > 0) fail('spec problems', problems);

  doc['x-generated'] = 'DO NOT EDIT. Generated by `npm run gen` from spec/openapi.yaml and the files it references.';
  const openapiJson = JSON.stringify(doc, null, 2) + '\n';
  gen('openapi.json', openapiJson);
  // The same without the mock's own surface, for generating WeCom clients (spec/codegen/wecom-only.ts).
  gen('openapi.wecom.json', JSON.stringify(wecomOnly(JSON.parse(openapiJson) as JsonObject), null, 2) + '\n');
  gen('operations.ts', renderOperationsRoot(tags));
  gen('validators-query.ts', renderValidatorsRoot('query', [...query.keys()]));
  gen('validators-query-loaders.ts', renderQueryValidatorLoaders([...query.keys()]));
  gen('validators-body.ts', renderValidatorsRoot('body', [...body.keys()]));
  for (const tag of tags) {
    gen(`${tag}/operations.ts`, renderOperationsTag(ops.filter((o) => o.tag === tag)));
    const q = query.get(tag);
    if (q) gen(`${tag}/validators-query.ts`, renderValidators(q, true));
    const b = body.get(tag);
    if (b) gen(`${tag}/validators-body.ts`, renderValidators(b, false));
  }

  // 4. Types.
  for (const [name, content] of await renderTypes(JSON.parse(openapiJson) as JsonObject, tags, (id) => tagOf.get(id) ?? '')) {
    gen(name, content);
  }
  gen('events.ts', await renderEvents(problems));

  // 5. Coverage, from the handler keys in the domains' source text.
  const implemented = new Set(readImplemented(ROOT, new Set(tagOf.keys())).keys());
  outputs.set(COVERAGE_FILE, renderCoverage(ops, implemented));
  const readmeFile = join(ROOT, 'README.md');
  const readme = renderReadme(existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : '', ops, implemented);
  if ('error' in readme) problems.push(readme.error);
  else outputs.set('README.md', readme.text);

  for (const [name, content] of outputs) {
    if (name !== 'README.md' && !content.includes('DO NOT EDIT')) problems.push(`${name}: the generated text has no DO-NOT-EDIT banner`);
  }
  if (problems.length > 0) fail('spec problems', problems);

  // 6. Write or compare; files of spec/generated/ that are no longer generated are stale (deleted by `npm run gen`).
  const stale: string[] = [];
  for (const [name, content] of outputs) {
    const file = join(ROOT, name);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === content) continue;
    if (CHECK) stale.push(name);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  for (const file of listTree(OUT)) {
    const name = relative(ROOT, file);
    if (outputs.has(name)) continue;
    if (CHECK) stale.push(`${name} (no longer generated: delete it)`);
    else unlinkSync(file);
  }
  if (!CHECK) removeEmptyDirs(OUT);

  if (stale.length > 0) fail('spec/generated or the coverage report is stale — run `npm run gen` and commit the result', stale);
  const perTag = [...outputs.keys()].filter((n) => n.startsWith(`${GEN}/`) && n.slice(GEN.length + 1).includes('/')).length;
  console.log(
    `${CHECK ? 'gen:check ok' : `generated ${outputs.size} files`} (${ops.length} operations in ${tags.length} tags, ` +
      `${perTag} per-tag files, ${implemented.size} with a handler, ${catalogue.length} errcodes)`,
  );
}

function fail(title: string, lines: string[]): never {
  console.error(`${title}:\n${lines.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}

function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTree(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function removeEmptyDirs(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const sub = join(dir, e.name);
    removeEmptyDirs(sub);
    if (readdirSync(sub).length === 0) rmdirSync(sub);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
