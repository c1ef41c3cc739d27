/** Renderers of the whole-spec outputs: the error catalogue, the limits and the callback event types. */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { compile as jsonSchemaToTs } from 'json-schema-to-typescript';
import { BANNER, ROOT, SPEC, jsonRows, readYaml, type CatalogueEntry, type Json, type JsonObject } from './common.js';

export function renderErrcodes(catalogue: CatalogueEntry[]): string {
  const names = catalogue.map((e) => `  ${e.name}: ${e.code},`).join('\n');
  const rows = jsonRows(catalogue.map((e) => [e.code, e.name, e.errmsg, e.zh]));
  return `${BANNER}
/** errcode by our stable NAME (spec/errcodes.yaml). */
export const ERRCODES = {
${names}
} as const;

export type ErrName = keyof typeof ERRCODES;
export type ErrCode = (typeof ERRCODES)[ErrName];

/** [code, NAME, errmsg, zh] for every catalogued code. */
export const CATALOGUE: ReadonlyArray<readonly [number, string, string, string]> = ${rows};

const byCode = new Map<number, { name: string; errmsg: string; zh: string }>(
  CATALOGUE.map(([code, name, errmsg, zh]) => [code, { name, errmsg, zh }]),
);

/** The catalogue entry of a code, or undefined when the code is not catalogued. */
export function describeErrcode(code: number): { name: string; errmsg: string; zh: string } | undefined {
  return byCode.get(code);
}

/** The doc link WeCom prints in every errmsg. */
export function errcodeDocUrl(code: number): string {
  return \`https://open.work.weixin.qq.com/devtool/query?e=\${code}\`;
}
`;
}

export function renderLimits(
  limits: Record<string, Record<string, Record<string, Json>>>,
  byName: Map<string, CatalogueEntry>,
  problems: string[],
): string {
  const resolved: Record<string, Record<string, Record<string, Json>>> = {};
  for (const [group, entries] of Object.entries(limits)) {
    resolved[group] = {};
    for (const [name, entry] of Object.entries(entries)) {
      const copy: Record<string, Json> = { ...entry };
      if (typeof entry['errcode'] === 'string') {
        const e = byName.get(entry['errcode']);
        if (!e) problems.push(`limits.yaml ${name}: unknown errcode ${entry['errcode']}`);
        copy['errcode'] = e?.code ?? -1;
      }
      resolved[group]![name] = copy;
    }
  }
  return `${BANNER}
/** spec/limits.yaml, with errcode names resolved to numbers. */
export const LIMITS = ${JSON.stringify(resolved, null, 2)} as const;

export type RateLimitName = keyof typeof LIMITS.rate;
export type QuotaName = keyof typeof LIMITS.quota;
export type LifetimeName = keyof typeof LIMITS.lifetime;
export type SizeName = keyof typeof LIMITS.size;
export type BoundName = keyof typeof LIMITS.bound;
`;
}

export async function renderEvents(problems: string[]): Promise<string> {
  const dir = join(SPEC, 'webhooks');
  const files: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.ya?ml$|\.json$/.test(e.name)) files.push(join(d, e.name));
    }
  };
  walk(dir);
  const parts: string[] = [BANNER, '/* Callback event types, from the JSON Schemas in spec/webhooks/. */\n'];
  const names: string[] = [];
  for (const file of files) {
    const schema = readYaml(file) as JsonObject;
    const title = schema['title'];
    if (typeof title !== 'string' || !/^[A-Z][A-Za-z0-9]+$/.test(title)) {
      problems.push(`${relative(ROOT, file)}: needs a PascalCase title`);
      continue;
    }
    names.push(title);
    const ts = await jsonSchemaToTs(schema as never, title, {
      bannerComment: '',
      additionalProperties: false,
      cwd: dirname(file),
      style: { singleQuote: true },
    });
    parts.push(ts);
  }
  parts.push(`/** Every callback event the mock can emit. */\nexport type WeComEvent = ${names.length ? names.join(' | ') : 'never'};\n`);
  return parts.join('\n');
}

