import { err } from '../../core/errors/index.js';
import { areaState } from '../../core/tenancy/access.js';
import type { Member } from '../contacts/index.js';
import { defineRoutes, type AnswerOf, type Ctx } from '../types.js';

type FieldInfo = NonNullable<AnswerOf<'hr_get_staff_info'>['field_info']>[number];
import { FIELDS, GROUPS, REPEATING, type FieldDef } from './fields.js';
import type { HrState, Value } from './state.js';

/** Per-item results (the mock's numbering; doc path/99133 answers a result per item). */
const OK = 1;
const NO_FIELD = 2;
const NO_ENTRY = 3;
const REFUSED = 4;

/** 人事助手 APIs answer its system secret and its 可调用接口的应用 (doc path/99132); others → 48002. */
function state(ctx: Ctx, userid: string): { s: HrState; member: Member } {
  const s = areaState(ctx, 'hr');
  const member = ctx.corp.domains.contacts.getUser(userid);
  if (!member) throw err('USERID_NOT_FOUND');
  return { s, member };
}

/** A field's value for a member: contacts-backed fields from the member record, the others from the roster. */
function valueOf(s: HrState, m: Member, f: FieldDef, subIdx: number): Value | undefined {
  if (f.fromContacts === 'name') return { t: 1, v: m.name };
  if (f.fromContacts === 'mobile') return m.mobile ? { t: 5, country: '86', mobile: m.mobile } : undefined;
  if (f.fromContacts === 'gender') return m.gender === '1' || m.gender === '2' ? { t: 3, v: Number(m.gender) } : undefined;
  return s.of(m.userid).get(`${f.fieldid}:${subIdx}`);
}

function wire(v: Value): Omit<FieldInfo, 'fieldid' | 'sub_idx' | 'result'> {
  switch (v.t) {
    case 1:
      return { value_type: 1, value_string: v.v };
    case 2:
      return { value_type: 2, value_uint64: v.v };
    case 3:
      return { value_type: 3, value_uint32: v.v };
    case 4:
      return { value_type: 4, value_int64: v.v };
    case 5:
      return { value_type: 5, value_mobile: { value_country_code: v.country, value_mobile: v.mobile } };
    case 6:
      return { value_type: 6, value_file: { media_id: v.media_id } };
  }
}

interface ItemIn {
  value_string?: string;
  value_uint64?: number;
  value_uint32?: number;
  value_int64?: number;
  value_mobile?: { value_country_code?: string; value_mobile_country_code?: string; value_mobile?: string };
  value_file?: { media_id?: string[] };
}

/** The value an item carries for a field: a Value, null (no value: clear) or 'bad' (wrong type or option). */
function parse(f: FieldDef, it: ItemIn): Value | null | 'bad' {
  const given = (['value_string', 'value_uint64', 'value_uint32', 'value_int64', 'value_mobile', 'value_file'] as const).filter((k) => it[k] !== undefined);
  if (given.length === 0) return null;
  if (given.length > 1) return 'bad';
  switch (f.value_type) {
    case 1:
      return it.value_string !== undefined ? { t: 1, v: it.value_string } : 'bad';
    case 2:
      return it.value_uint64 !== undefined ? { t: 2, v: it.value_uint64 } : 'bad';
    case 3:
      return it.value_uint32 !== undefined && (f.options ?? []).some((o) => o.id === it.value_uint32) ? { t: 3, v: it.value_uint32 } : 'bad';
    case 4:
      return it.value_int64 !== undefined ? { t: 4, v: it.value_int64 } : 'bad';
    case 5: {
      const m = it.value_mobile;
      if (!m?.value_mobile || !/^\+?[0-9-]{3,32}$/.test(m.value_mobile)) return 'bad';
      return { t: 5, country: m.value_country_code ?? m.value_mobile_country_code ?? '86', mobile: m.value_mobile };
    }
    case 6:
      return it.value_file?.media_id?.length ? { t: 6, media_id: [...it.value_file.media_id] } : 'bad';
  }
}

export const hrRoutes = defineRoutes({
  hr_get_fields: (ctx) => {
    // The same fields for every corp; still 48002 for a token 人事助手 is not open to.
    areaState(ctx, 'hr');
    return {
      group_list: GROUPS.map((g) => ({
        group_id: g.group_id,
        group_name: g.group_name,
        field_list: g.fields.map((f) => ({
          fieldid: f.fieldid,
          field_name: f.field_name,
          field_type: f.field_type,
          value_type: f.value_type,
          is_must: f.is_must,
          ...(f.options && { option_list: f.options.map((o) => ({ ...o })) }),
        })),
      })),
    };
  },

  hr_get_staff_info: (ctx) => {
    const { s, member } = state(ctx, ctx.body.userid);
    const field_info: FieldInfo[] = [];
    if (ctx.body.get_all) {
      for (const g of GROUPS) {
        const n = g.group_type === undefined ? 1 : s.entryCount(member.userid, g.group_type);
        for (let i = 0; i < n; i++) {
          for (const f of g.fields) {
            const v = valueOf(s, member, f, i);
            if (v) field_info.push({ fieldid: f.fieldid, sub_idx: i, result: OK, ...wire(v) });
          }
        }
      }
    } else {
      for (const want of ctx.body.fieldids ?? []) {
        const sub = want.sub_idx ?? want.sud_idx ?? 0;
        const def = FIELDS.get(want.fieldid);
        if (!def) {
          field_info.push({ fieldid: want.fieldid, sub_idx: sub, result: NO_FIELD });
          continue;
        }
        const n = def.group.group_type === undefined ? 1 : s.entryCount(member.userid, def.group.group_type);
        const v = sub < n ? valueOf(s, member, def.field, sub) : undefined;
        if (sub >= n) field_info.push({ fieldid: want.fieldid, sub_idx: sub, result: NO_ENTRY });
        else field_info.push({ fieldid: want.fieldid, sub_idx: sub, result: OK, ...(v ? wire(v) : { value_type: def.field.value_type }) });
      }
    }
    return { field_info };
  },

  hr_update_staff_info: (ctx) => {
    const { s, member } = state(ctx, ctx.body.userid);
    const vals = s.of(member.userid);
    const update_results = (ctx.body.update_items ?? []).map((it) => {
      const sub = it.sub_idx ?? 0;
      const def = FIELDS.get(it.fieldid);
      if (!def) return { fieldid: it.fieldid, sub_idx: sub, result: NO_FIELD };
      const n = def.group.group_type === undefined ? 1 : s.entryCount(member.userid, def.group.group_type);
      if (sub >= n) return { fieldid: it.fieldid, sub_idx: sub, result: NO_ENTRY };
      const v = parse(def.field, it);
      if (def.field.fromContacts || v === 'bad' || (v === null && def.field.is_must)) return { fieldid: it.fieldid, sub_idx: sub, result: REFUSED };
      if (v === null) vals.delete(`${it.fieldid}:${sub}`);
      else vals.set(`${it.fieldid}:${sub}`, v);
      return { fieldid: it.fieldid, sub_idx: sub, result: OK };
    });
    // Removals by descending sub_idx per group so each index names the entry the caller saw.
    const removes = (ctx.body.remove_items ?? []).map((r, i) => ({ ...r, i }));
    const remove_results = new Array<{ group_type: number; sub_idx: number; result: number }>(removes.length);
    for (const r of [...removes].sort((a, b) => b.sub_idx - a.sub_idx)) {
      const ok = REPEATING.has(r.group_type);
      const result = !ok ? NO_FIELD : r.sub_idx >= s.entryCount(member.userid, r.group_type) ? NO_ENTRY : OK;
      if (result === OK) s.removeEntry(member.userid, r.group_type, r.sub_idx);
      remove_results[r.i] = { group_type: r.group_type, sub_idx: r.sub_idx, result };
    }
    const insert_results = (ctx.body.insert_items ?? []).map((ins) => {
      const g = REPEATING.get(ins.group_type);
      const idx = g ? s.entryCount(member.userid, ins.group_type) : 0;
      if (!g) return { group_type: ins.group_type, idx, result: NO_FIELD };
      const parsed = ins.item.map((it) => ({ it, f: g.fields.find((f) => f.fieldid === it.fieldid) }));
      const values = parsed.map(({ it, f }) => (f ? parse(f, it) : 'bad'));
      if (values.some((v) => v === 'bad')) return { group_type: ins.group_type, idx, result: REFUSED };
      parsed.forEach(({ it }, k) => {
        const v = values[k];
        if (v && v !== 'bad') vals.set(`${it.fieldid}:${idx}`, v);
      });
      s.setEntryCount(member.userid, ins.group_type, idx + 1);
      return { group_type: ins.group_type, idx, result: OK };
    });
    return { update_results, remove_results, insert_results };
  },
});
