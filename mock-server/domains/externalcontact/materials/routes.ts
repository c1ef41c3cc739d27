/** Handlers of configured content: group welcome templates, product albums, chat intercept rules (doc path/92366, 95101, 95100). */
import { err, found } from '../../../core/errors/index.js';
import { defineRoutes, type AnswerOf, type Ctx } from '../../types.js';
import { charLength, memberIn, requireCustomerContact } from '../rules.js';
import { INTERCEPT_RULE_MAX, WELCOME_TEMPLATE_MAX, type WelcomeTemplate } from './state.js';

const PARTS = ['text', 'image', 'link', 'miniprogram', 'file', 'video'] as const;

/** The owner of a template write: the calling app, or null for a secret (as corp tags are owned). */
function writerOf(ctx: Ctx, agentid: number | undefined): number | null {
  if (ctx.secretKind === 'app' && ctx.app) {
    // An agentid that is not the calling app's → 40056.
    if (agentid !== undefined && agentid !== ctx.app.agentid) throw err('INVALID_AGENTID');
    return ctx.app.agentid;
  }
  if (agentid !== undefined && !ctx.corp.apps.has(agentid)) throw err('INVALID_AGENTID');
  return agentid ?? null;
}

function templateOf(ctx: Ctx, id: string): WelcomeTemplate {
  return found(ctx.corp.domains.externalcontact.materials.welcomeTemplates.get(id), 'INVALID_TEMPLATE_ID');
}

function partsOf(b: Record<string, unknown>): WelcomeTemplate['parts'] {
  const parts: WelcomeTemplate['parts'] = {};
  for (const p of PARTS) {
    const v = b[p];
    if (v && typeof v === 'object') parts[p] = { ...(v as Record<string, unknown>) };
  }
  if (parts['text'] && !parts['text']['content']) delete parts['text'];
  return parts;
}

export const materialsRoutes = defineRoutes({
  'externalcontact_group_welcome_template_add': (ctx) => {
    const s = requireCustomerContact(ctx);
    const owner = writerOf(ctx, ctx.body.agentid);
    const parts = partsOf(ctx.body as Record<string, unknown>);
    if (Object.keys(parts).length === 0) throw err('EMPTY_CONTENT');
    const lib = s.materials.welcomeTemplates;
    if (lib.size >= WELCOME_TEMPLATE_MAX) throw err('GROUP_WELCOME_TEMPLATE_LIMIT_REACHED');
    const template_id = `msg${ctx.rng.string(26)}`;
    lib.set(template_id, { template_id, owner, parts });
    return { template_id };
  },
  'externalcontact_group_welcome_template_edit': (ctx) => {
    requireCustomerContact(ctx);
    const t = templateOf(ctx, ctx.body.template_id);
    // Only the creator may edit or delete (errcode 41058, doc path/92366).
    if (t.owner !== writerOf(ctx, ctx.body.agentid)) throw err('GROUP_WELCOME_TEMPLATE_NO_PRIVILEGE');
    const parts = partsOf(ctx.body as Record<string, unknown>);
    if (Object.keys(parts).length > 0) t.parts = parts;
    return {};
  },
  'externalcontact_group_welcome_template_get': (ctx) => {
    requireCustomerContact(ctx);
    const t = templateOf(ctx, ctx.body.template_id);
    const out: AnswerOf<'externalcontact_group_welcome_template_get'> = {};
    const parts = out as Record<string, unknown>;
    for (const [k, v] of Object.entries(t.parts)) {
      // An image answers its pic_url, not the media_id it was made with (doc path/92366).
      parts[k] = k === 'image' ? { pic_url: String(v['pic_url'] ?? `https://wework.qpic.cn/wwpic/mock/${String(v['media_id'] ?? '')}/0`) } : v;
    }
    return out;
  },
  'externalcontact_group_welcome_template_del': (ctx) => {
    const s = requireCustomerContact(ctx);
    const t = templateOf(ctx, ctx.body.template_id);
    if (t.owner !== writerOf(ctx, ctx.body.agentid)) throw err('GROUP_WELCOME_TEMPLATE_NO_PRIVILEGE');
    s.materials.welcomeTemplates.delete(t.template_id);
    return {};
  },

  externalcontact_add_product_album: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    // description ≤300 characters, price 1 fen–5,000,000 yuan, product_sn ≤128 letters and digits (doc path/95101).
    if (b.description.trim() === '' || charLength(b.description) > 300) throw err('INVALID_PRODUCT_DESCRIPTION');
    if (!Number.isInteger(b.price) || b.price <= 0 || b.price > 500_000_000) throw err('INVALID_PRODUCT_PRICE');
    if (b.product_sn !== undefined && (b.product_sn.length > 128 || !/^[0-9A-Za-z_-]*$/.test(b.product_sn))) throw err('INVALID_PRODUCT_CODE');
    const product_id = `xm${ctx.rng.string(30)}`;
    s.materials.albums.set(product_id, { product_id, description: b.description, price: b.price, product_sn: b.product_sn ?? '', attachments: b.attachments.map((a) => ({ ...a })), create_time: ctx.clock.nowSec() });
    return { product_id };
  },

  externalcontact_add_intercept_rule: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const rules = s.materials.interceptRules;
    if (charLength(b.rule_name) > 20) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: rule_name' });
    if ([...rules.values()].some((r) => r.rule_name === b.rule_name)) throw err('SENSITIVE_WORD_RULE_NAME_DUPLICATED');
    // 1–300 words of at most 32 characters (doc path/95100).
    if (b.word_list.length === 0 || b.word_list.length > 300) throw err('SENSITIVE_WORD_LIST_TOO_LONG');
    if (b.word_list.some((w) => w.trim() === '' || charLength(w) > 32)) throw err('INVALID_SENSITIVE_KEYWORD');
    if ((b.semantics_list ?? []).some((x) => x < 1 || x > 3)) throw err('INVALID_SENSITIVE_SEMANTIC_RULE');
    const users = b.applicable_range.user_list ?? [];
    const parties = b.applicable_range.department_list ?? [];
    if (users.length === 0 && parties.length === 0) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: applicable_range' });
    if (users.some((u) => !memberIn(ctx, u))) throw err('INVALID_USERID');
    if (parties.some((p) => !ctx.corp.domains.contacts.departments.has(p))) throw err('INVALID_PARTY_LIST');
    if (rules.size >= INTERCEPT_RULE_MAX) throw err('SENSITIVE_WORD_RULE_LIMIT_REACHED');
    const rule_id = ctx.rng.string(32);
    rules.set(rule_id, { rule_id, rule_name: b.rule_name, word_list: [...b.word_list], semantics_list: [...(b.semantics_list ?? [])], intercept_type: b.intercept_type, user_list: [...users], department_list: [...parties], create_time: ctx.clock.nowSec() });
    return { rule_id };
  },
});
