/**
 * Smart-sheet fields and cell values (doc path/99904 fields, doc path/99907 records): what each field type
 * stores, how a written value is checked and normalised, and how a stored value reads back. Pure: a bad
 * value throws CellError with a text naming the field; routes turn it into 640051.
 */

export type FieldType =
  | 'FIELD_TYPE_TEXT' | 'FIELD_TYPE_NUMBER' | 'FIELD_TYPE_CHECKBOX' | 'FIELD_TYPE_DATE_TIME' | 'FIELD_TYPE_IMAGE'
  | 'FIELD_TYPE_ATTACHMENT' | 'FIELD_TYPE_USER' | 'FIELD_TYPE_URL' | 'FIELD_TYPE_SELECT' | 'FIELD_TYPE_SINGLE_SELECT'
  | 'FIELD_TYPE_CREATED_USER' | 'FIELD_TYPE_MODIFIED_USER' | 'FIELD_TYPE_CREATED_TIME' | 'FIELD_TYPE_MODIFIED_TIME'
  | 'FIELD_TYPE_PROGRESS' | 'FIELD_TYPE_PHONE_NUMBER' | 'FIELD_TYPE_EMAIL' | 'FIELD_TYPE_REFERENCE' | 'FIELD_TYPE_LOCATION'
  | 'FIELD_TYPE_FORMULA' | 'FIELD_TYPE_CURRENCY' | 'FIELD_TYPE_WWGROUP' | 'FIELD_TYPE_AUTONUMBER' | 'FIELD_TYPE_PERCENTAGE'
  | 'FIELD_TYPE_BARCODE';

export interface SelectOption {
  id: string;
  text: string;
  style?: number;
}

export interface Field {
  field_id: string;
  field_title: string;
  field_type: FieldType;
  /** property_* settings as sent (select options carry ids). */
  props: Record<string, Record<string, unknown>>;
}

export interface SheetRecord {
  record_id: string;
  seq: number;
  createMs: number;
  updateMs: number;
  creator: string;
  updater: string;
  /** Stored values by field_id. */
  values: Record<string, unknown>;
}

export class CellError extends Error {}

/** Types whose value WeCom computes: writing them is refused. */
export const READ_ONLY = new Set<FieldType>(['FIELD_TYPE_CREATED_USER', 'FIELD_TYPE_MODIFIED_USER', 'FIELD_TYPE_CREATED_TIME', 'FIELD_TYPE_MODIFIED_TIME', 'FIELD_TYPE_AUTONUMBER', 'FIELD_TYPE_FORMULA']);
export const NUMERIC = new Set<FieldType>(['FIELD_TYPE_NUMBER', 'FIELD_TYPE_PROGRESS', 'FIELD_TYPE_CURRENCY', 'FIELD_TYPE_PERCENTAGE']);
export const DATES = new Set<FieldType>(['FIELD_TYPE_DATE_TIME', 'FIELD_TYPE_CREATED_TIME', 'FIELD_TYPE_MODIFIED_TIME']);

export function selectOptions(f: Field): SelectOption[] {
  const key = f.field_type === 'FIELD_TYPE_SELECT' ? 'property_select' : 'property_single_select';
  const p = (f.props[key] ??= {});
  if (!Array.isArray(p['options'])) p['options'] = [];
  return p['options'] as SelectOption[];
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks and normalises a value written into a field; `newOptionId` names a select option created on the fly. */
export function writeCell(f: Field, raw: unknown, env: { userExists: (u: string) => boolean; newOptionId: () => string }): unknown {
  const bad = (why: string): never => {
    throw new CellError(`field ${f.field_title}: ${why}`);
  };
  if (READ_ONLY.has(f.field_type)) bad(`${f.field_type} is computed and cannot be written`);
  if (raw === null) return undefined;
  switch (f.field_type) {
    case 'FIELD_TYPE_TEXT':
    case 'FIELD_TYPE_URL': {
      if (typeof raw === 'string') return [{ type: 'text', text: raw }];
      if (!Array.isArray(raw)) bad('expects an array of {type, text}');
      return (raw as unknown[]).map((seg) => {
        if (!isObj(seg) || typeof seg['text'] !== 'string') bad('each segment needs a text');
        const s = seg as Record<string, unknown>;
        const type = s['type'] === 'url' || f.field_type === 'FIELD_TYPE_URL' ? 'url' : 'text';
        if (type === 'url' && typeof s['link'] !== 'string') bad('a url segment needs a link');
        return type === 'url' ? { type, text: s['text'], link: s['link'] } : { type, text: s['text'] };
      });
    }
    case 'FIELD_TYPE_NUMBER':
    case 'FIELD_TYPE_PROGRESS':
    case 'FIELD_TYPE_CURRENCY':
    case 'FIELD_TYPE_PERCENTAGE':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) bad('expects a number');
      return raw;
    case 'FIELD_TYPE_CHECKBOX':
      if (typeof raw !== 'boolean') bad('expects true or false');
      return raw;
    case 'FIELD_TYPE_DATE_TIME': {
      const s = typeof raw === 'number' ? String(Math.trunc(raw)) : raw;
      if (typeof s !== 'string' || !/^\d{1,15}$/.test(s)) bad('expects a millisecond timestamp string');
      return s;
    }
    case 'FIELD_TYPE_PHONE_NUMBER':
    case 'FIELD_TYPE_EMAIL':
    case 'FIELD_TYPE_BARCODE':
      if (typeof raw !== 'string') bad('expects a string');
      if (f.field_type === 'FIELD_TYPE_EMAIL' && raw !== '' && !/^[^@\s]+@[^@\s]+$/.test(raw as string)) bad('expects an email address');
      return raw;
    case 'FIELD_TYPE_SELECT':
    case 'FIELD_TYPE_SINGLE_SELECT': {
      if (!Array.isArray(raw)) bad('expects an array of options');
      const opts = selectOptions(f);
      const out = (raw as unknown[]).map((o) => {
        if (!isObj(o)) bad('each option is {id} or {text}');
        const v = o as Record<string, unknown>;
        if (typeof v['id'] === 'string' && v['id']) {
          const hit = opts.find((x) => x.id === v['id']);
          if (!hit) bad(`no option ${String(v['id'])}`);
          return { id: hit!.id, text: hit!.text, style: hit!.style ?? 1 };
        }
        if (typeof v['text'] !== 'string' || !v['text']) bad('an option needs an id or a text');
        let hit = opts.find((x) => x.text === v['text']);
        if (!hit) {
          // A text that names no option adds it, as the app's quick-add does (property is_quick_add).
          hit = { id: env.newOptionId(), text: v['text'] as string, style: (opts.length % 27) + 1 };
          opts.push(hit);
        }
        return { id: hit.id, text: hit.text, style: hit.style ?? 1 };
      });
      if (f.field_type === 'FIELD_TYPE_SINGLE_SELECT' && out.length > 1) bad('a single select takes one option');
      return out;
    }
    case 'FIELD_TYPE_USER': {
      if (!Array.isArray(raw)) bad('expects an array of {user_id}');
      return (raw as unknown[]).map((u) => {
        const id = isObj(u) ? u['user_id'] : undefined;
        if (typeof id !== 'string' || !env.userExists(id)) bad(`unknown member ${String(id)}`);
        return { user_id: id };
      });
    }
    default:
      // Images, attachments, locations, references, group chats: kept as sent.
      if (!Array.isArray(raw) && !isObj(raw)) bad('expects an array or an object');
      return raw;
  }
}

/** A record's value of a field as answered (computed types included); undefined when empty. */
export function readCell(f: Field, r: SheetRecord): unknown {
  switch (f.field_type) {
    case 'FIELD_TYPE_CREATED_TIME':
      return String(r.createMs);
    case 'FIELD_TYPE_MODIFIED_TIME':
      return String(r.updateMs);
    case 'FIELD_TYPE_CREATED_USER':
      return r.creator ? [{ user_id: r.creator }] : undefined;
    case 'FIELD_TYPE_MODIFIED_USER':
      return r.updater ? [{ user_id: r.updater }] : undefined;
    case 'FIELD_TYPE_AUTONUMBER':
      return String(r.seq);
    default:
      return r.values[f.field_id];
  }
}

/** The strings a value compares by: segment texts, option texts, user ids, or the value itself. */
export function cellStrings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const x of v) {
      if (typeof x === 'string') out.push(x);
      else if (isObj(x)) {
        const s = x['text'] ?? x['user_id'] ?? x['title'] ?? x['name'];
        if (typeof s === 'string') out.push(s);
      }
    }
    return out;
  }
  return [];
}

export const FIELD_TYPE_SET: ReadonlySet<string> = new Set<FieldType>([
  'FIELD_TYPE_TEXT', 'FIELD_TYPE_NUMBER', 'FIELD_TYPE_CHECKBOX', 'FIELD_TYPE_DATE_TIME', 'FIELD_TYPE_IMAGE', 'FIELD_TYPE_ATTACHMENT',
  'FIELD_TYPE_USER', 'FIELD_TYPE_URL', 'FIELD_TYPE_SELECT', 'FIELD_TYPE_SINGLE_SELECT', 'FIELD_TYPE_CREATED_USER', 'FIELD_TYPE_MODIFIED_USER',
  'FIELD_TYPE_CREATED_TIME', 'FIELD_TYPE_MODIFIED_TIME', 'FIELD_TYPE_PROGRESS', 'FIELD_TYPE_PHONE_NUMBER', 'FIELD_TYPE_EMAIL',
  'FIELD_TYPE_REFERENCE', 'FIELD_TYPE_LOCATION', 'FIELD_TYPE_FORMULA', 'FIELD_TYPE_CURRENCY', 'FIELD_TYPE_WWGROUP', 'FIELD_TYPE_AUTONUMBER',
  'FIELD_TYPE_PERCENTAGE', 'FIELD_TYPE_BARCODE',
]);
