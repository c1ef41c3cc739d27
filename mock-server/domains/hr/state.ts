/** Per-member roster values (fields not kept in contacts): userid key → `fieldid:sub_idx` → value. */
import { Rng } from '../../core/runtime/rng.js';
import { FIELDS, REPEATING, type ValueType } from './fields.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export type Value =
  | { t: 1; v: string }
  | { t: 2 | 3 | 4; v: number }
  | { t: 5; country: string; mobile: string }
  | { t: 6; media_id: string[] };

export class HrState {
  /** userid (lower-case) → `${fieldid}:${sub_idx}` → value. */
  readonly values = new Map<string, Map<string, Value>>();
  /** userid (lower-case) → group_type → number of entries. */
  readonly entries = new Map<string, Map<number, number>>();

  of(userid: string): Map<string, Value> {
    const k = userid.toLowerCase();
    let m = this.values.get(k);
    if (!m) this.values.set(k, (m = new Map()));
    return m;
  }

  entryCount(userid: string, groupType: number): number {
    return this.entries.get(userid.toLowerCase())?.get(groupType) ?? 0;
  }

  setEntryCount(userid: string, groupType: number, n: number): void {
    const k = userid.toLowerCase();
    let m = this.entries.get(k);
    if (!m) this.entries.set(k, (m = new Map()));
    m.set(groupType, n);
  }

  /** Removes entry `idx` of a repeating group, shifting the later entries down. */
  removeEntry(userid: string, groupType: number, idx: number): void {
    const g = REPEATING.get(groupType)!;
    const vals = this.of(userid);
    const n = this.entryCount(userid, groupType);
    for (let i = idx; i < n; i++) {
      for (const f of g.fields) {
        const next = vals.get(`${f.fieldid}:${i + 1}`);
        if (next) vals.set(`${f.fieldid}:${i}`, next);
        else vals.delete(`${f.fieldid}:${i}`);
      }
    }
    this.setEntryCount(userid, groupType, n - 1);
  }
}

export const valueTypeOf = (fieldid: number): ValueType | undefined => FIELDS.get(fieldid)?.field.value_type;

/** Demo values: 工号, 入职时间 and one emergency contact for active members of a demo corp. */
export function seedHr(rng: Rng, members: Array<{ userid: string }>, nowSec: number, demo: boolean): HrState {
  const s = new HrState();
  if (!demo) return s;
  members.forEach((m, i) => {
    const vals = s.of(m.userid);
    vals.set('12024:0', { t: 1, v: `A${String(1001 + i).padStart(5, '0')}` });
    vals.set('12030:0', { t: 4, v: nowSec - rng.range(30, 2000) * 86_400 });
    vals.set('12010:0', { t: 3, v: rng.range(1, 4) });
    if (rng.chance(0.5)) {
      vals.set('17001:0', { t: 1, v: rng.pick(['王芳', '李强', '张伟', '刘洋']) });
      vals.set('17002:0', { t: 3, v: rng.range(1, 3) });
      vals.set('17003:0', { t: 5, country: '86', mobile: `139${rng.string(8, '0123456789')}` });
      s.setEntryCount(m.userid, 4, 1);
    }
  });
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(HrState);
