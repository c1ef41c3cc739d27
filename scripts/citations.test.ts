/**
 * Every WeCom fact in a comment, spec description or doc cites a source a contributor can open: a WeCom doc
 * page (`doc path/NNNNN`), an errcode, or a public SDK file (README "Adding an endpoint"). Citations of the
 * research notes that live outside the repository — "reference", "reference wecom-api.md" or nothing, then a
 * section sign and a number — are refused (the examples are in the first test). RFC sections are fine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SECTION = '\u00a7';
/** A section-sign citation with a number, unless it is an RFC's section. */
const CITATION = new RegExp(`(?<!RFC \\d+ )(?:reference\\s+(?:wecom-api\\.md\\s+)?)?${SECTION}\\s*\\d`);

/** Is there a citation of an out-of-repo document on this line? */
export function citesOutsideDoc(line: string): boolean {
  return CITATION.test(line);
}

/** Generated or third-party trees: never scanned. */
const NEVER_SCANNED = [/^spec\/generated\//, /(^|\/)node_modules\//, /(^|\/)dist\//];

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\0').filter((f) => f && !NEVER_SCANNED.some((re) => re.test(f)));
}

describe('citations', () => {
  it('recognises citations of the out-of-repo notes, and not RFC sections or doc paths', () => {
    expect(citesOutsideDoc(`user/create (reference ${SECTION}3.1)`)).toBe(true);
    expect(citesOutsideDoc(`Facts: reference wecom-api.md ${SECTION}7.1–7.5`)).toBe(true);
    expect(citesOutsideDoc(`retried (${SECTION}7.4)`)).toBe(true);
    expect(citesOutsideDoc(`RFC 2046 ${SECTION}5.1.1: 1 to 70 characters`)).toBe(false);
    expect(citesOutsideDoc('user/create (doc path/90195; errcode 60102)')).toBe(false);
  });

  it('no tracked source, spec or doc file cites a document that is not in the repository', () => {
    const offenders: string[] = [];
    for (const file of trackedFiles()) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // listed by git but absent from the work tree (deleted, not yet committed)
      }
      if (text.includes('\0')) continue; // binary
      text.split('\n').forEach((line, i) => {
        if (citesOutsideDoc(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders, 'cite a WeCom doc path (doc path/NNNNN), an errcode or a public SDK file instead').toEqual([]);
  });
});
