/** 文档: create, rename, delete, base info, share, permissions, images and vip accounts (doc path/97460 …). */
import { err } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { userKey } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { documentRoutes } from './document/routes.js';
import { emitDocChange } from './events.js';
import { formRoutes } from './forms/routes.js';
import { badParam, checkArea, checkDocType, checkMembers, checkName, docOf, formOf, ownerOf, touch } from './rules.js';
import { smartsheetRoutes } from './smartsheet/routes.js';
import { newSmartSheet } from './smartsheet/model.js';
import { spreadsheetRoutes } from './spreadsheet/routes.js';
import { newGridSheet } from './spreadsheet/model.js';
import { DOC_TYPES, type Doc, type DocMember } from './state.js';
import { imageInfo } from './image.js';

/** Members per doc (640055 beyond; mock choice, WeCom publishes no figure). */
const MEMBERS_MAX = 1000;
/** admin_users of create_doc (640053 beyond; mock choice). */
const ADMINS_MAX = 100;
const IMAGE_MAX_BYTES = 1024 * 1024;

const URL_KIND: Record<number, string> = { [DOC_TYPES.document]: 'doc', [DOC_TYPES.spreadsheet]: 'sheet', [DOC_TYPES.smartsheet]: 'smartsheet' };
const docUrl = (doc: Doc): string => `https://doc.weixin.qq.com/${URL_KIND[doc.doc_type]}/${doc.docid}`;

/** docid or formid, exactly one (rename_doc, del_doc, doc_share take either). */
function target(ctx: Ctx, docid: string | undefined, formid: string | undefined): { kind: 'doc'; doc: Doc } | { kind: 'form'; formid: string } {
  const hasDoc = typeof docid === 'string' && docid !== '';
  const hasForm = typeof formid === 'string' && formid !== '';
  if (hasDoc === hasForm) {
    checkArea(ctx);
    badParam('give either docid or formid');
  }
  if (hasDoc) return { kind: 'doc', doc: docOf(ctx, docid) };
  formOf(ctx, formid);
  return { kind: 'form', formid: formid! };
}

function memberKey(m: { userid?: string | undefined; tmp_external_userid?: string | undefined }): string {
  return m.userid !== undefined ? `u:${userKey(m.userid)}` : `x:${m.tmp_external_userid ?? ''}`;
}

const baseRoutes = defineRoutes({
  wedoc_create_doc: (ctx) => {
    checkArea(ctx);
    const doc_type = checkDocType(ctx.body.doc_type);
    const name = checkName(ctx.body.doc_name);
    const admins = ctx.body.admin_users ?? [];
    if (admins.length > ADMINS_MAX) throw err('WEDOC_ADMIN_LIMIT_REACHED');
    const adminIds = checkMembers(ctx, admins);
    if (ctx.body.fatherid && !ctx.body.spaceid) badParam('fatherid needs spaceid');
    const state = ctx.corp.domains.wedoc;
    const now = ctx.clock.nowMs();
    const doc = state.newDoc({ doc_type, name, ownerAgentid: ownerOf(ctx), spaceid: ctx.body.spaceid, fatherid: ctx.body.fatherid, nowMs: now });
    for (const u of new Set(adminIds)) doc.members.push({ userid: u, auth: 7 });
    if (doc_type === DOC_TYPES.spreadsheet) doc.grids.push(newGridSheet(state, doc, 'Sheet1'));
    // A new smart sheet opens with one sub-sheet holding a text field and a grid view (mock choice, README).
    if (doc_type === DOC_TYPES.smartsheet) doc.smart.push(newSmartSheet(state, doc, '智能表', true));
    return { url: docUrl(doc), docid: doc.docid };
  },

  wedoc_rename_doc: (ctx) => {
    const t = target(ctx, ctx.body.docid, ctx.body.formid);
    const name = checkName(ctx.body.new_name);
    if (t.kind === 'doc') {
      t.doc.name = name;
      touch(ctx, t.doc);
      emitDocChange(ctx, t.doc.ownerAgentid, t.doc.docid, 'rename_doc');
    } else {
      const form = ctx.corp.domains.wedoc.forms.get(t.formid)!;
      form.info['form_title'] = name;
    }
    return {};
  },

  wedoc_del_doc: (ctx) => {
    const t = target(ctx, ctx.body.docid, ctx.body.formid);
    const state = ctx.corp.domains.wedoc;
    if (t.kind === 'doc') {
      state.docs.delete(t.doc.docid);
      for (const [key, w] of state.webhooks) if (w.docid === t.doc.docid) state.webhooks.delete(key);
      emitDocChange(ctx, t.doc.ownerAgentid, t.doc.docid, 'delete_doc');
    } else state.forms.delete(t.formid);
    return {};
  },

  wedoc_get_doc_base_info: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid);
    return {
      doc_base_info: {
        docid: doc.docid,
        doc_name: doc.name,
        create_time: Math.floor(doc.createMs / 1000),
        modify_time: Math.floor(doc.modifyMs / 1000),
        doc_type: doc.doc_type,
      },
    };
  },

  wedoc_doc_share: (ctx) => {
    const t = target(ctx, ctx.body.docid, ctx.body.formid);
    const id = t.kind === 'doc' ? t.doc.docid : t.formid;
    const base = t.kind === 'doc' ? docUrl(t.doc) : `https://doc.weixin.qq.com/forms/${id}`;
    return { share_url: `${base}?scode=${ctx.corp.domains.wedoc.rng.string(24)}` };
  },

  wedoc_doc_get_auth: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid);
    return {
      access_rule: { ...doc.access, corp_internal_auth: doc.access.corp_internal_auth as 1 | 2, corp_external_auth: doc.access.corp_external_auth as 1 | 2 },
      secure_setting: { enable_readonly_copy: doc.secure.enable_readonly_copy, watermark: { ...doc.secure.watermark, margin_type: doc.secure.watermark.margin_type as 1 | 2 }, enable_readonly_comment: doc.secure.enable_readonly_comment },
      doc_member_list: doc.members.map((m) => ({ type: 1 as const, ...(m.userid !== undefined ? { userid: m.userid } : { tmp_external_userid: m.tmp_external_userid }), auth: m.auth as 1 | 2 | 7 })),
      co_auth_list: doc.coAuth.map((c) => ({ type: 2 as const, departmentid: c.departmentid, auth: c.auth as 1 | 2 })),
    };
  },

  wedoc_mod_doc_join_rule: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid);
    const b = ctx.body;
    const next = { ...doc.access };
    for (const k of Object.keys(next) as Array<keyof typeof next>) {
      const v = b[k];
      if (v !== undefined) (next as Record<string, unknown>)[k] = v;
    }
    if (b.update_co_auth_list) {
      const contacts = ctx.corp.domains.contacts;
      const list = (b.co_auth_list ?? []).map((c) => {
        if (!contacts.departments.has(c.departmentid)) throw err('WEDRIVE_INVALID_DEPARTMENTID');
        return { departmentid: c.departmentid, auth: c.auth ?? 1 };
      });
      doc.coAuth = list;
    }
    doc.access = next;
    touch(ctx, doc);
    emitDocChange(ctx, doc.ownerAgentid, doc.docid, 'modify_doc_auth');
    return {};
  },

  wedoc_mod_doc_member: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid);
    const members = new Map<string, DocMember>(doc.members.map((m) => [memberKey(m), { ...m }]));
    for (const d of ctx.body.del_file_member_list ?? []) {
      const key = memberKey(d);
      if (!members.delete(key)) throw err('WEDOC_MEMBER_NOT_FOUND');
    }
    for (const u of ctx.body.update_file_member_list ?? []) {
      if (u.type !== undefined && u.type !== 1) badParam('members are type 1');
      const auth = u.auth ?? 1;
      if (![1, 2, 7].includes(auth)) throw err('WEDRIVE_INVALID_AUTH_TYPE');
      if (u.userid !== undefined) {
        const [id] = checkMembers(ctx, [u.userid]);
        members.set(memberKey({ userid: id }), { userid: id!, auth });
      } else if (u.tmp_external_userid) {
        members.set(memberKey(u), { tmp_external_userid: u.tmp_external_userid, auth });
      } else badParam('a member needs userid or tmp_external_userid');
    }
    if (members.size > MEMBERS_MAX) throw err('WEDOC_MEMBER_LIMIT_REACHED');
    doc.members = [...members.values()];
    touch(ctx, doc);
    emitDocChange(ctx, doc.ownerAgentid, doc.docid, 'modify_doc_member');
    return {};
  },

  wedoc_mod_doc_safty_setting: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid);
    const b = ctx.body;
    if (b.enable_readonly_copy !== undefined) doc.secure.enable_readonly_copy = b.enable_readonly_copy;
    if (b.enable_readonly_comment !== undefined) doc.secure.enable_readonly_comment = b.enable_readonly_comment;
    if (b.watermark) doc.secure.watermark = { ...doc.secure.watermark, ...b.watermark };
    touch(ctx, doc);
    emitDocChange(ctx, doc.ownerAgentid, doc.docid, 'modify_doc_auth');
    return {};
  },

  wedoc_image_upload: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid);
    const b64 = ctx.body.base64_content;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) badParam('base64_content is not base64');
    const data = Buffer.from(b64, 'base64');
    if (data.length > IMAGE_MAX_BYTES) throw err('INVALID_IMAGE_SIZE');
    const info = imageInfo(data);
    if (!info) badParam('base64_content is not a png, jpeg or gif image');
    const state = ctx.corp.domains.wedoc;
    const url = `https://wework.qpic.cn/wwpic/${state.rng.digits(6)}_${state.rng.string(22)}/0`;
    state.images.set(url, { docid: doc.docid, width: info.width, height: info.height, size: data.length });
    return { url, height: info.height, width: info.width, size: data.length };
  },

  wedoc_vip_batch_add: (ctx) => {
    checkArea(ctx);
    const state = ctx.corp.domains.wedoc;
    const succ: string[] = [];
    const fail: string[] = [];
    for (const u of ctx.body.userid_list) {
      const m = ctx.corp.domains.contacts.getUser(u);
      const key = userKey(u);
      if (m && (state.vip.has(key) || state.vip.size < state.vipSeats)) {
        if (!state.vip.has(key)) state.vip.set(key, m.userid);
        succ.push(u);
      } else fail.push(u);
    }
    return { succ_userid_list: succ, fail_userid_list: fail };
  },

  wedoc_vip_batch_del: (ctx) => {
    checkArea(ctx);
    const state = ctx.corp.domains.wedoc;
    const succ: string[] = [];
    const fail: string[] = [];
    for (const u of ctx.body.userid_list) (state.vip.delete(userKey(u)) ? succ : fail).push(u);
    return { succ_userid_list: succ, fail_userid_list: fail };
  },

  wedoc_vip_list: (ctx) => {
    checkArea(ctx);
    const all = [...ctx.corp.domains.wedoc.vip.values()];
    const limit = ctx.body.limit ?? 1000;
    const { page, has_more, next_cursor } = offsetPage(ctx, ctx.body.cursor, all, limit);
    return { has_more, next_cursor, userid_list: page };
  },
});

export const wedocRoutes = { ...baseRoutes, ...documentRoutes, ...spreadsheetRoutes, ...smartsheetRoutes, ...formRoutes };
