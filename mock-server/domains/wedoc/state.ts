/** Per-corp state of 文档: docs (documents, spreadsheets, smart sheets), forms, images, webhooks and vip accounts. */
import type { components } from '../../../spec/generated/openapi.js';
import type { Rng } from '../../core/runtime/rng.js';
import { ALNUM, drawUnused } from '../../core/runtime/rng.js';
import { DocumentModel } from './document/model.js';
import type { Field, SheetRecord } from './smartsheet/cells.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** doc_type of create_doc (doc path/97460): 3 文档, 4 表格, 10 智能表格. */
export const DOC_TYPES = { document: 3, spreadsheet: 4, smartsheet: 10 } as const;
export type DocType = (typeof DOC_TYPES)[keyof typeof DOC_TYPES];

export interface AccessRule {
  enable_corp_internal: boolean;
  corp_internal_auth: number;
  enable_corp_external: boolean;
  corp_external_auth: number;
  corp_internal_approve_only_by_admin: boolean;
  corp_external_approve_only_by_admin: boolean;
  ban_share_external: boolean;
}
export interface SecureSetting {
  enable_readonly_copy: boolean;
  enable_readonly_comment: boolean;
  watermark: { margin_type: number; show_visitor_name: boolean; show_text: boolean; text: string };
}
/** A member of a doc: a corp member (userid) or an external contact (tmp_external_userid); auth 1 read, 2 edit, 7 admin. */
export interface DocMember {
  userid?: string;
  tmp_external_userid?: string;
  auth: number;
}

/** A spreadsheet cell as update_range_request writes it and get_sheet_range_data reads it. */
export type GridCell = NonNullable<NonNullable<NonNullable<components['schemas']['WedocGridData']['rows']>[number]['values']>[number]>;
export interface GridSheet {
  sheet_id: string;
  title: string;
  row_count: number;
  column_count: number;
  /** "row:col" (zero-based) → cell. */
  cells: Map<string, GridCell>;
}

export interface View {
  view_id: string;
  view_title: string;
  view_type: string;
  property: Record<string, unknown>;
}
export interface FieldGroup {
  field_group_id: string;
  name: string;
  children: string[];
}
export interface SmartSheet {
  sheet_id: string;
  title: string;
  fields: Field[];
  views: View[];
  groups: FieldGroup[];
  records: Map<string, SheetRecord>;
  nextSeq: number;
  /** Grows with every record change (get_records answers it as ver). */
  ver: number;
}
export interface GroupChat {
  chat_id: string;
  owner: string;
  members: string[];
}

export interface Doc {
  docid: string;
  doc_type: DocType;
  name: string;
  /** The self-built app that created it; undefined = the 文档 system secret. Only the creator reaches it (doc path/97736). */
  ownerAgentid: number | undefined;
  spaceid: string | undefined;
  fatherid: string | undefined;
  createMs: number;
  modifyMs: number;
  access: AccessRule;
  secure: SecureSetting;
  members: DocMember[];
  coAuth: Array<{ departmentid: number; auth: number }>;
  document: DocumentModel | undefined;
  grids: GridSheet[];
  smart: SmartSheet[];
  chats: Map<string, GroupChat>;
}

export interface FormAnswer {
  answer_id: number;
  userid: string | undefined;
  tmp_external_userid: string | undefined;
  user_name: string;
  ctimeMs: number;
  mtimeMs: number;
  items: Array<{ question_id: number; text_reply?: string; option_reply?: number[] }>;
}
export interface Form {
  formid: string;
  ownerAgentid: number | undefined;
  info: Record<string, unknown>;
  createMs: number;
  repeatedIds: string[];
  answers: Map<string, FormAnswer[]>;
  nextAnswerId: number;
}

export interface WebhookBinding {
  key: string;
  docid: string;
  sheet_id: string;
}

export const defaultAccess = (): AccessRule => ({
  enable_corp_internal: true,
  corp_internal_auth: 1,
  enable_corp_external: false,
  corp_external_auth: 1,
  corp_internal_approve_only_by_admin: false,
  corp_external_approve_only_by_admin: true,
  ban_share_external: false,
});
export const defaultSecure = (): SecureSetting => ({
  enable_readonly_copy: false,
  enable_readonly_comment: false,
  watermark: { margin_type: 2, show_visitor_name: false, show_text: false, text: '' },
});

export class WedocState {
  readonly docs = new Map<string, Doc>();
  readonly forms = new Map<string, Form>();
  /** Images of image_upload by url. */
  readonly images = new Map<string, { docid: string; width: number; height: number; size: number }>();
  readonly webhooks = new Map<string, WebhookBinding>();
  /** 文档高级功能 accounts: userKey → userid as first given. */
  readonly vip = new Map<string, string>();
  /** Seats for vip accounts (mock setting). */
  vipSeats = 100;

  constructor(readonly rng: Rng) {}

  /** A fresh id with a prefix, unique among `taken`. */
  newId(prefix: string, length: number, taken: (id: string) => boolean): string {
    return drawUnused(() => prefix + this.rng.string(length, ALNUM), { has: taken });
  }

  newDoc(input: { doc_type: DocType; name: string; ownerAgentid: number | undefined; spaceid?: string | undefined; fatherid?: string | undefined; nowMs: number }): Doc {
    const docid = this.newId('dc', 30, (id) => this.docs.has(id));
    const doc: Doc = {
      docid,
      doc_type: input.doc_type,
      name: input.name,
      ownerAgentid: input.ownerAgentid,
      spaceid: input.spaceid,
      fatherid: input.fatherid,
      createMs: input.nowMs,
      modifyMs: input.nowMs,
      access: defaultAccess(),
      secure: defaultSecure(),
      members: [],
      coAuth: [],
      document: input.doc_type === DOC_TYPES.document ? new DocumentModel() : undefined,
      grids: [],
      smart: [],
      chats: new Map(),
    };
    this.docs.set(docid, doc);
    return doc;
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(WedocState);
