import { snapshotClass } from '../../../core/runtime/graph.js';
import type { BodyOf } from '../../types.js';
/**
 * Content the corp configures for customer contact: group welcome templates (doc path/92366), product albums
 * (doc path/95101), chat intercept rules (doc path/95100) and ways to join customer groups (doc path/92569).
 */
export interface WelcomeTemplate {
  template_id: string;
  /** agentid of the app that made it; null = a secret (客户联系). */
  owner: number | null;
  parts: Record<string, Record<string, unknown>>;
}

export interface ProductAlbum {
  product_id: string;
  description: string;
  price: number;
  product_sn: string;
  attachments: Array<Record<string, unknown>>;
  create_time: number;
}

export interface InterceptRule {
  rule_id: string;
  rule_name: string;
  word_list: string[];
  semantics_list: number[];
  intercept_type: number;
  user_list: string[];
  department_list: number[];
  create_time: number;
}

/** A way to join customer groups: what add_join_way was given, its defaults filled in, with its config_id and QR code. */
export type JoinWay = Required<BodyOf<'externalcontact_groupchat_add_join_way'>> & { config_id: string; qr_code: string };

export class Materials {
  readonly welcomeTemplates = new Map<string, WelcomeTemplate>();
  readonly albums = new Map<string, ProductAlbum>();
  readonly interceptRules = new Map<string, InterceptRule>();
  readonly joinWays = new Map<string, JoinWay>();
}

/** A corp's group welcome template library holds 100 (errcode 41055, doc path/92366). */
export const WELCOME_TEMPLATE_MAX = 100;
/** At most 100 intercept rules per corp (errcode 41069; mock choice of the figure, WeCom publishes none we verified). */
export const INTERCEPT_RULE_MAX = 100;

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(Materials);
