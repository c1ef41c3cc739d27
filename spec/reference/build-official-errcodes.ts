/**
 * Writes spec/reference/official-errcodes.tsv from WeCom's global error list (the research copy kept
 * outside the repository, errcodes.json: code, errmsg, errmsg_confidence, zh, detail_zh):
 *
 *   npx tsx spec/reference/build-official-errcodes.ts /work/shared/reference/errcodes.json
 *
 * One line per official code (developer.work.weixin.qq.com/document/path/90313 lists them): the code, the
 * literal errmsg where one is known and how it is known, and fingerprints (spec/reference/fingerprint.ts)
 * of the Chinese texts instead of the texts. spec/errcodes.test.ts reads the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHashes, textHash } from './fingerprint.js';

interface Official {
  code: number;
  errmsg: string | null;
  errmsg_confidence?: string;
  zh: string;
  detail_zh?: string;
}

export const HEADER = ['code', 'errmsg_confidence', 'errmsg', 'zh_hash', 'detail_runs'] as const;

const source = process.argv[2];
if (!source) {
  process.stderr.write('usage: build-official-errcodes.ts <errcodes.json>\n');
  process.exit(2);
}
const list = JSON.parse(readFileSync(source, 'utf8')) as Official[];
const clean = (s: string): string => {
  if (/[\t\r\n]/.test(s)) throw new Error(`a tab or newline in ${JSON.stringify(s)}`);
  return s;
};
const lines = [...list]
  .sort((a, b) => a.code - b.code)
  .map((o) =>
    [String(o.code), o.errmsg ? (o.errmsg_confidence ?? '') : '', clean(o.errmsg ?? ''), textHash(o.zh), runHashes(o.detail_zh ?? '').join(' ')].join('\t'),
  );
const out = join(dirname(fileURLToPath(import.meta.url)), 'official-errcodes.tsv');
writeFileSync(out, `${HEADER.join('\t')}\n${lines.join('\n')}\n`);
process.stdout.write(`${lines.length} codes → ${out}\n`);
