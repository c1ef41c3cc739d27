/**
 * Cursors of user/list_id: an opaque token of the next position (member key, department index).
 * A checksum makes a made-up or truncated cursor fail as WeCom's 50100 instead of paging from nowhere.
 */
import { createHash } from 'node:crypto';

function mac(payload: string): string {
  return createHash('sha1').update(`list_id:${payload}`).digest('base64url').slice(0, 8);
}

export function encodeCursor(key: string, dept: number): string {
  const payload = `${key}\u0000${dept}`;
  return Buffer.from(`${payload}\u0000${mac(payload)}`).toString('base64url');
}

export function decodeCursor(cursor: string): { key: string; dept: number } | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('\u0000');
  if (parts.length !== 3) return undefined;
  const [key, dept, sum] = parts as [string, string, string];
  if (!/^\d{1,3}$/.test(dept) || mac(`${key}\u0000${dept}`) !== sum) return undefined;
  return { key, dept: Number(dept) };
}
