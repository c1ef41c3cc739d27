/**
 * Checks spec/errcodes.yaml, the project's error catalogue, against WeCom's global error list
 * (developer.work.weixin.qq.com/document/path/90313), kept in the repository as
 * spec/reference/official-errcodes.tsv: code, literal errmsg where known, and fingerprints of the Chinese
 * texts (spec/reference/fingerprint.ts), written by spec/reference/build-official-errcodes.ts. Without
 * that file the checks fail; they never skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runHashes, textHash } from './reference/fingerprint.js';

interface Entry {
  code: number;
  name: string;
  errmsg: string;
  errmsg_known: boolean;
  zh: string;
  doc: string;
  source: 'official' | 'observed';
}

interface OfficialEntry {
  code: number;
  /** How the literal errmsg is known: observed, doc, secondary; '' when no errmsg is known. */
  errmsg_confidence: string;
  errmsg: string;
  zh_hash: string;
  detail_runs: Set<string>;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const CATALOGUE_PATH = join(HERE, 'errcodes.yaml');
const OFFICIAL_PATH = join(HERE, 'reference', 'official-errcodes.tsv');

const doc = parse(readFileSync(CATALOGUE_PATH, 'utf8')) as { codes: Entry[] };
const entries = doc.codes;

function readOfficial(): OfficialEntry[] {
  if (!existsSync(OFFICIAL_PATH)) return [];
  const [header, ...rows] = readFileSync(OFFICIAL_PATH, 'utf8').trimEnd().split('\n');
  if (header !== 'code\terrmsg_confidence\terrmsg\tzh_hash\tdetail_runs') throw new Error(`${OFFICIAL_PATH}: unexpected header ${header}`);
  return rows.map((line) => {
    const [code, errmsg_confidence, errmsg, zh_hash, runs] = line.split('\t');
    return {
      code: Number(code),
      errmsg_confidence: errmsg_confidence ?? '',
      errmsg: errmsg ?? '',
      zh_hash: zh_hash ?? '',
      detail_runs: new Set((runs ?? '').split(' ').filter((r) => r !== '')),
    };
  });
}
const official = readOfficial();

/** Names the core code depends on; they must never change. */
const FIXED_NAMES: Record<number, string> = {
  [-1]: 'SYSTEM_BUSY',
  0: 'OK',
  40001: 'INVALID_CREDENTIAL',
  40003: 'INVALID_USERID',
  40007: 'INVALID_MEDIA_ID',
  40013: 'INVALID_CORPID',
  40014: 'INVALID_ACCESS_TOKEN',
  40029: 'INVALID_OAUTH_CODE',
  40056: 'INVALID_AGENTID',
  40058: 'INVALID_PARAMETER',
  40068: 'INVALID_TAGID',
  40070: 'ALL_LIST_INVALID',
  40071: 'INVALID_TAG_NAME',
  40093: 'INVALID_JSAPI_SIGNATURE',
  41001: 'ACCESS_TOKEN_MISSING',
  41002: 'CORPID_MISSING',
  41004: 'CORPSECRET_MISSING',
  41009: 'USERID_MISSING',
  42001: 'ACCESS_TOKEN_EXPIRED',
  42012: 'JSAPI_TICKET_UNAVAILABLE',
  44001: 'EMPTY_MEDIA_DATA',
  45002: 'CONTENT_TOO_LARGE',
  45009: 'API_FREQ_OUT_OF_LIMIT',
  45033: 'API_CONCURRENT_OUT_OF_LIMIT',
  47001: 'DATA_FORMAT_ERROR',
  48002: 'API_FORBIDDEN',
  48009: 'CONTACTS_SYNC_READ_FORBIDDEN',
  60003: 'DEPARTMENT_NOT_FOUND',
  60011: 'NO_PRIVILEGE',
  60020: 'IP_NOT_ALLOWED',
  60102: 'USERID_EXISTED',
  60111: 'USERID_NOT_FOUND',
  60123: 'INVALID_DEPARTMENT_ID',
  81013: 'ALL_RECIPIENTS_INVALID',
  82001: 'ALL_RECIPIENTS_EMPTY',
  91040: 'INVALID_TICKET_TYPE',
  301002: 'AGENT_MISMATCH',
};

/** Literal server strings the catalogue must carry verbatim. */
const KNOWN_ERRMSGS: Record<number, string> = {
  0: 'ok',
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40058: 'invalid Request Parameter',
  40068: 'invalid tagid',
  40070: 'all list invalid',
  40071: 'UserTag Name Already Exist',
  40096: 'invalid external userid',
  41001: 'access_token missing',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  60008: 'department existed',
  60102: 'userid existed',
  60104: 'mobile existed',
  60111: 'userid not found',
  81013: 'user & party & tag all invalid',
  84061: 'not external contact',
  301002: 'not allow operate another agent with this accesstoken.',
};

const byCode = new Map(entries.map((e) => [e.code, e]));

describe('spec/errcodes.yaml', () => {
  it('parses to a non-empty list under codes:', () => {
    expect(Array.isArray(entries)).toBe(true);
    expect(entries.length).toBeGreaterThan(0);
  });

  it('is sorted by code ascending with no duplicate codes', () => {
    const codes = entries.map((e) => e.code);
    for (const c of codes) expect(Number.isInteger(c)).toBe(true);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('has unique UPPER_SNAKE_CASE names of at most 48 characters', () => {
    const seen = new Map<string, number>();
    for (const e of entries) {
      expect(e.name, `code ${e.code}`).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(e.name.length, `code ${e.code}`).toBeLessThanOrEqual(48);
      expect(seen.get(e.name), `name ${e.name} used by ${seen.get(e.name)} and ${e.code}`).toBeUndefined();
      seen.set(e.name, e.code);
    }
  });

  it('keeps the names the core code depends on', () => {
    for (const [code, name] of Object.entries(FIXED_NAMES)) {
      expect(byCode.get(Number(code))?.name, `code ${code}`).toBe(name);
    }
  });

  it('gives every entry errmsg, errmsg_known, zh, doc and source', () => {
    for (const e of entries) {
      const where = `code ${e.code}`;
      expect(typeof e.errmsg, where).toBe('string');
      expect(e.errmsg.trim().length, where).toBeGreaterThan(0);
      expect(e.errmsg, where).toBe(e.errmsg.trim());
      expect(e.errmsg, where).not.toMatch(/[()（）]/);
      expect(e.errmsg.toLowerCase(), where).not.toContain('hint:');
      expect(e.errmsg, where).not.toMatch(/more info at|from ip/i);
      expect(typeof e.errmsg_known, where).toBe('boolean');
      // Strings we composed follow WeCom's lower-case style.
      if (!e.errmsg_known) expect(e.errmsg, where).toBe(e.errmsg.toLowerCase());

      expect(typeof e.zh, where).toBe('string');
      expect(e.zh.trim().length, where).toBeGreaterThan(0);
      expect([...e.zh].length, where).toBeLessThanOrEqual(30);
      expect(e.zh, where).toMatch(/[\u4e00-\u9fff]/);

      expect(e.doc, where).toBe(`https://open.work.weixin.qq.com/devtool/query?e=${e.code}`);
      expect(['official', 'observed'], where).toContain(e.source);
    }
  });

  it('carries the literal server errmsgs', () => {
    for (const [code, msg] of Object.entries(KNOWN_ERRMSGS)) {
      const e = byCode.get(Number(code));
      expect(e?.errmsg, `code ${code}`).toBe(msg);
      expect(e?.errmsg_known, `code ${code}`).toBe(true);
    }
  });

  it('includes 47001 as an observed code', () => {
    const e = byCode.get(47001);
    expect(e).toBeDefined();
    expect(e?.source).toBe('observed');
    expect(e?.name).toBe('DATA_FORMAT_ERROR');
    expect(e?.errmsg).toBe('data format error');
  });
});

describe('spec/errcodes.yaml against the official list (spec/reference/official-errcodes.tsv)', () => {
  const officialCodes = new Set(official.map((o) => o.code));

  it('reads the full official list from the repository', () => {
    expect(existsSync(OFFICIAL_PATH), `${OFFICIAL_PATH} is missing: regenerate it with spec/reference/build-official-errcodes.ts`).toBe(true);
    expect(official.length).toBe(1256);
    expect(officialCodes.size).toBe(1256);
    for (const o of official) {
      expect(Number.isInteger(o.code), `line of code ${o.code}`).toBe(true);
      expect(o.zh_hash, `code ${o.code}`).toMatch(/^[0-9a-f]{12}$/);
    }
  });

  it('contains every official code exactly once, marked official', () => {
    expect(official.length).toBeGreaterThan(0);
    const counts = new Map<number, number>();
    for (const e of entries) counts.set(e.code, (counts.get(e.code) ?? 0) + 1);
    for (const o of official) {
      expect(counts.get(o.code), `code ${o.code}`).toBe(1);
      expect(byCode.get(o.code)?.source, `code ${o.code}`).toBe('official');
    }
  });

  it('marks every code outside the official list as observed', () => {
    expect(official.length).toBeGreaterThan(0);
    for (const e of entries) {
      if (!officialCodes.has(e.code)) expect(e.source, `code ${e.code}`).toBe('observed');
    }
    expect(entries.length).toBe(officialCodes.size + entries.filter((e) => e.source === 'observed').length);
  });

  it('paraphrases zh instead of copying the official text', () => {
    expect(official.length).toBeGreaterThan(0);
    for (const o of official) {
      const e = byCode.get(o.code);
      expect(textHash(e?.zh ?? ''), `code ${o.code}: zh is the official description`).not.toBe(o.zh_hash);
      // Nor is a run of 13 Chinese characters lifted from the troubleshooting prose.
      const lifted = runHashes(e?.zh ?? '').filter((r) => o.detail_runs.has(r));
      expect(lifted, `code ${o.code}: zh repeats the official troubleshooting text`).toEqual([]);
    }
  });

  it('uses the literal errmsg wherever the reference has an observed or doc-quoted string', () => {
    const literal = official.filter((o) => o.errmsg !== '' && (o.errmsg_confidence === 'observed' || o.errmsg_confidence === 'doc'));
    expect(literal.length).toBeGreaterThanOrEqual(30);
    for (const o of literal) {
      const e = byCode.get(o.code);
      expect(e?.errmsg_known, `code ${o.code}`).toBe(true);
      // The reference sometimes adds a prefix or notes around the literal text; the
      // catalogue keeps only the core string, which must appear in the reference.
      expect(o.errmsg, `code ${o.code}`).toContain(e?.errmsg ?? '\u0000');
    }
  });

  it('catches a copied description: the fingerprints match the texts they were made from', () => {
    // The fingerprint of a text equals the one stored for it, and a 13-character run is found in a text
    // that contains it: the checks above can fail.
    const sample = '成员不在应用可见范围之内，请检查应用的可见范围设置';
    expect(textHash(` ${sample} `)).toBe(textHash(sample));
    expect(runHashes(`前缀${sample}后缀`)).toEqual(expect.arrayContaining(runHashes(sample)));
    expect(runHashes(sample).length).toBe([...sample].length - 12);
  });
});
