/**
 * 企业互联 / 上下游 of one corp. As a parent: the member corps it shares apps with (other corps of the
 * registry, linked through the control plane), its chains (上下游) with their corps — joined ones by corpid,
 * imported-but-not-joined ones by a pending corpid —, the members' custom ids and the visibility rules.
 * As a member: its parent. Demo corps own one chain with a few imported corps that have not joined yet.
 */
import type { Rng } from '../../core/runtime/rng.js';
import { JobBook, type JobTimes } from '../../core/runtime/jobs.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** An app of the parent shared with a member corp; in the member it is `member_agentid` (gettoken's token). */
export interface Share {
  member_corpid: string;
  agentid: number;
  member_agentid: number;
  /** 0 企业互联, 1 上下游. */
  business_type: 0 | 1;
}

export interface ChainCorp {
  /** Set once the corp joined (a corp of the registry); else it is known by its pending id. */
  corpid: string | undefined;
  pending_corpid: string;
  corp_name: string;
  custom_id: string;
  group_path: string;
}

export interface RuleInfo {
  owner_corp_range: { departmentids: string[]; userids: string[] };
  member_corp_range: { groupids: string[]; corpids: string[] };
}

export interface Chain {
  chain_id: string;
  chain_name: string;
  /** By pending_corpid (every corp has one, joined or not). */
  corps: Map<string, ChainCorp>;
  /** Group paths (`华北区/北京市`) the imports created. */
  groups: Set<string>;
  rules: Map<number, RuleInfo>;
  nextRuleId: number;
  /** `corpid/userid` → user_custom_id. */
  userCustomIds: Map<string, string>;
}

export interface ImportFail {
  corp_name: string;
  custom_id: string;
  errcode: number;
  errmsg: string;
  contact_info_list: Array<{ mobile: string; errcode: number; errmsg: string }>;
}

export interface ImportJob extends JobTimes {
  chain_id: string;
  /** 1 all imported, 2 some rows failed, 3 nothing imported. */
  import_status: 1 | 2 | 3;
  fail_list: ImportFail[];
}

/** How long an import's result stays readable (WeCom keeps async job results a day, errcode 40089 after). */
export const IMPORT_RETENTION_MS = 24 * 3600 * 1000;

export class CorpgroupState {
  readonly shares: Share[] = [];
  /** The parent corp when this corp is a member. */
  parent: string | undefined;
  readonly chains = new Map<string, Chain>();
  readonly imports = new JobBook<ImportJob>(IMPORT_RETENTION_MS);

  newChain(chain_id: string, chain_name: string): Chain {
    const c: Chain = { chain_id, chain_name, corps: new Map(), groups: new Set(), rules: new Map(), nextRuleId: 1, userCustomIds: new Map() };
    this.chains.set(chain_id, c);
    return c;
  }
}

/** Every prefix of a group path (`a/b/c` → a, a/b, a/b/c). */
export function groupPrefixes(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

const DEMO_CORPS = ['飞飞培训学校', '华北能源有限公司', '海淀原材料商行', '东城物流', '朝阳五金'];
const DEMO_GROUPS = ['华北区/北京市/海淀区', '华北区/北京市/朝阳区', '华东区/上海市'];

export function seedCorpgroup(rng: Rng, demo: boolean): CorpgroupState {
  const s = new CorpgroupState();
  if (!demo) return s;
  const chain = s.newChain(`Ch${rng.hex(16)}`, '能源供应链');
  const n = rng.range(2, 4);
  for (let i = 0; i < n; i++) {
    const pending = `wp${rng.hex(16)}`;
    const group_path = rng.pick(DEMO_GROUPS);
    chain.corps.set(pending, { corpid: undefined, pending_corpid: pending, corp_name: DEMO_CORPS[i]!, custom_id: `C${1000 + i}`, group_path });
    for (const g of groupPrefixes(group_path)) chain.groups.add(g);
  }
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(CorpgroupState);
