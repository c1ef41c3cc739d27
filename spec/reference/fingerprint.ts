/**
 * Fingerprints of WeCom's official error texts, so that tests can tell whether the catalogue copied them
 * without the repository holding the official prose: a hash of the short description (错误说明), and hashes
 * of every run of 13 non-ASCII characters of the troubleshooting text (排查方法). ASCII is left out of the
 * runs: identifiers such as suite_access_token are names, not prose.
 */
import { createHash } from 'node:crypto';

/** Runs shorter than this are not prose worth guarding (the catalogue's check was "longer than 12"). */
export const RUN = 13;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The short description's fingerprint (12 hex digits of SHA-256 of the trimmed text). */
export function textHash(text: string): string {
  return sha256(text.trim()).slice(0, 12);
}

/** The distinct runs of RUN non-ASCII characters of a text, each as 6 hex digits of SHA-256. */
export function runHashes(text: string): string[] {
  const chars = [...text.replace(/[\u0000-\u007f]/g, '')];
  const out = new Set<string>();
  for (let i = 0; i + RUN <= chars.length; i++) out.add(sha256(chars.slice(i, i + RUN).join('')).slice(0, 6));
  return [...out].sort();
}
