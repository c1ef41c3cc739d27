/**
 * Checks spec/errcodes.yaml, the project's error catalogue, against the official
 * WeCom global error list in shared/reference/errcodes.json.
 *
 * The reference file lives outside the repository (../shared when the repo is
 * checked out at /work/main, or /work/shared). If it cannot be found, the checks
 * that need it are skipped; the catalogue's own checks always run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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
  errmsg: string | null;
  zh: string;
  detail_zh?: string;
  errmsg_confidence?: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CATALOGUE_PATH = join(HERE, 'errcodes.yaml');

const REFERENCE_CANDIDATES = [
  process.env['WECOM_REFERENCE_DIR'] ? join(process.env['WECOM_REFERENCE_DIR'], 'errcodes.json') : '',
  resolve(ROOT, '..', 'shared', 'reference', 'errcodes.json'),
  '/work/shared/reference/errcodes.json',
].filter((p) => p !== '');
const REFERENCE_PATH = REFERENCE_CANDIDATES.find((p) => existsSync(p));

const doc = parse(readFileSync(CATALOGUE_PATH, 'utf8')) as { codes: Entry[] };
const entries = doc.codes;
const official: OfficialEntry[] = REFERENCE_PATH
  ? (JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as OfficialEntry[])
  : [];

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

describe.skipIf(!REFERENCE_PATH)('spec/errcodes.yaml against the official list', () => {
  const officialCodes = new Set(official.map((o) => o.code));

  it('reads the full official list', () => {
    expect(official.length).toBe(1256);
    expect(officialCodes.size).toBe(1256);
  });

  it('contains every official code exactly once, marked official', () => {
    const counts = new Map<number, number>();
    for (const e of entries) counts.set(e.code, (counts.get(e.code) ?? 0) + 1);
    for (const o of official) {
      expect(counts.get(o.code), `code ${o.code}`).toBe(1);
      expect(byCode.get(o.code)?.source, `code ${o.code}`).toBe('official');
    }
  });

  it('marks every code outside the official list as observed', () => {
    for (const e of entries) {
      if (!officialCodes.has(e.code)) expect(e.source, `code ${e.code}`).toBe('observed');
    }
    expect(entries.length).toBe(officialCodes.size + entries.filter((e) => e.source === 'observed').length);
  });

  it('paraphrases zh instead of copying the official text', () => {
    for (const o of official) {
      const e = byCode.get(o.code);
      expect(e?.zh.trim(), `code ${o.code}`).not.toBe(o.zh.trim());
      // Longer strings must not be lifted from the troubleshooting prose either.
      if (o.detail_zh && e && [...e.zh].length > 12) expect(o.detail_zh, `code ${o.code}`).not.toContain(e.zh);
    }
  });

  it('uses the literal errmsg wherever the reference has an observed or doc-quoted string', () => {
    for (const o of official) {
      if (!o.errmsg || (o.errmsg_confidence !== 'observed' && o.errmsg_confidence !== 'doc')) continue;
      const e = byCode.get(o.code);
      expect(e?.errmsg_known, `code ${o.code}`).toBe(true);
      // The reference sometimes adds a prefix or notes around the literal text; the
      // catalogue keeps only the core string, which must appear in the reference.
      expect(o.errmsg, `code ${o.code}`).toContain(e?.errmsg ?? '\u0000');
    }
  });
});
