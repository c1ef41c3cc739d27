/**
 * Opaque cursors of this domain's lists: a few non-negative integers plus a checksum bound to the list kind,
 * so a made-up or another list's cursor answers 50100 instead of paging from nowhere.
 */
import { createHash } from 'node:crypto';

function mac(kind: string, payload: string): string {
  return createHash('sha1').update(`externalcontact:${kind}:${payload}`).digest('base64url').slice(0, 8);
}

export function encodeCursor(kind: string, parts: number[]): string {
  const payload = parts.join('.');
  return Buffer.from(`${payload}.${mac(kind, payload)}`).toString('base64url');
}

/** The integers of a cursor, or undefined when it is not one of `kind` with `n` parts. */
export function decodeCursor(kind: string, cursor: string, n: number): number[] | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const parts = text.split('.');
  if (parts.length !== n + 1) return undefined;
  const sum = parts.pop()!;
  if (!parts.every((p) => /^\d{1,9}$/.test(p)) || mac(kind, parts.join('.')) !== sum) return undefined;
  return parts.map(Number);
}
