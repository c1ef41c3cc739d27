/**
 * 政民沟通 of one corp: the grid tree (网格, doc path/94556), event categories (事件类别, doc path/94563) and the
 * orders (事件) of 巡查上报 and 居民上报 with their processing steps (doc path/93607, 93613). Orders are filed and
 * advanced by the control plane (admin.ts); demo corps get a small tree, categories and orders.
 */
import { Rng } from '../../core/runtime/rng.js';
import { DAY_SECONDS } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface Grid {
  grid_id: string;
  grid_name: string;
  /** '' for the root. */
  parent: string;
  admins: string[];
  members: string[];
}

export interface Category {
  category_id: string;
  category_name: string;
  level: 1 | 2;
  parent: string;
}

export type OrderKind = 'patrol' | 'resident';
/** pending 待受理 (resident), to_be_assigned 待分配 (patrol), processing 办理中, solved 已办结. */
export type OrderStatus = 'pending' | 'to_be_assigned' | 'processing' | 'solved';

export interface Step {
  /** 1 上报, 2 分派, 3 办结, 4 受理 (mock numbering). */
  process_type: 1 | 2 | 3 | 4;
  solve_userid: string;
  process_desc: string;
  status: 1;
  solved_time: number;
}

export interface Order {
  order_id: string;
  kind: OrderKind;
  desc: string;
  urge_type: 0 | 1;
  category_id: string;
  case_name: string;
  grid_id: string;
  grid_name: string;
  create_time: number;
  modify_time: number;
  solved_time: number;
  status: OrderStatus;
  location: { name: string; address: string; latitude: number; longitude: number };
  processors: string[];
  steps: Step[];
  /** The member who filed a patrol order. */
  reporter_userid: string;
  reporter_name: string;
  reporter_mobile: string;
  unionid: string;
}

/** Grid tree depth limit (doc path/94558: 网格结构层级最多支持10层). */
export const MAX_DEPTH = 10;
/** A member administers at most 10 grids (doc path/94558). */
export const MAX_GRIDS_PER_ADMIN = 10;

export class ReportState {
  readonly grids = new Map<string, Grid>();
  readonly categories = new Map<string, Category>();
  readonly orders: Order[] = [];
  readonly rootId: string;
  constructor(
    readonly rng: Rng,
    rootName: string,
  ) {
    this.rootId = this.newId('grid');
    this.grids.set(this.rootId, { grid_id: this.rootId, grid_name: rootName, parent: '', admins: [], members: [] });
  }

  newId(prefix: string): string {
    return `${prefix}${this.rng.hex(20)}`;
  }

  childrenOf(id: string): Grid[] {
    return [...this.grids.values()].filter((g) => g.parent === id);
  }

  /** The grid and every grid below it. */
  subtree(id: string): Grid[] {
    const out: Grid[] = [];
    const stack = [id];
    while (stack.length) {
      const g = this.grids.get(stack.pop()!);
      if (!g) continue;
      out.push(g);
      for (const c of this.childrenOf(g.grid_id)) stack.push(c.grid_id);
    }
    return out;
  }

  /** 1 for the root. */
  depthOf(id: string): number {
    let d = 0;
    for (let cur = this.grids.get(id); cur; cur = this.grids.get(cur.parent)) d++;
    return d;
  }

  heightOf(id: string): number {
    return 1 + Math.max(0, ...this.childrenOf(id).map((c) => this.heightOf(c.grid_id)));
  }

  gridsAdministeredBy(userid: string): Grid[] {
    return [...this.grids.values()].filter((g) => g.admins.includes(userid));
  }

  fileOrder(o: Omit<Order, 'order_id' | 'modify_time' | 'solved_time' | 'status' | 'steps' | 'processors'>): Order {
    const order: Order = {
      ...o,
      order_id: this.newId('order'),
      modify_time: o.create_time,
      solved_time: 0,
      status: o.kind === 'patrol' ? 'to_be_assigned' : 'pending',
      processors: [],
      steps: [{ process_type: 1, solve_userid: o.reporter_userid, process_desc: o.desc, status: 1, solved_time: o.create_time }],
    };
    this.orders.push(order);
    return order;
  }

  /**
   * Moves an order one step: a resident's 待受理 → 办理中 (受理, with its processor), a patrol 待分配 → 办理中
   * (分派), 办理中 → 已办结. Returns false when the order is already solved.
   */
  advance(o: Order, processor: string, desc: string, atSec: number): boolean {
    if (o.status === 'solved') return false;
    if (o.status === 'processing') {
      o.status = 'solved';
      o.solved_time = atSec;
      o.steps.push({ process_type: 3, solve_userid: processor, process_desc: desc || '已办结', status: 1, solved_time: atSec });
    } else {
      o.steps.push({ process_type: o.status === 'pending' ? 4 : 2, solve_userid: processor, process_desc: desc || '已分派', status: 1, solved_time: atSec });
      o.status = 'processing';
      if (!o.processors.includes(processor)) o.processors.push(processor);
    }
    o.modify_time = atSec;
    return true;
  }
}

const PLACES = ['幸福小区', '滨海花园', '南山公园', '科技园北区'];
const CASES: Array<[string, string[]]> = [
  ['安全生产', ['消防隐患', '占道经营']],
  ['环境卫生', ['垃圾堆放', '污水外溢']],
];

export function seedReport(rng: Rng, corpName: string, members: Array<{ userid: string; name: string; mobile: string }>, nowSec: number, demo: boolean): ReportState {
  const s = new ReportState(rng, corpName);
  if (!demo || members.length < 2) return s;
  const ids = members.map((m) => m.userid);
  const grids = ['第一网格', '第二网格'].map((name, i) => {
    const g: Grid = { grid_id: s.newId('grid'), grid_name: name, parent: s.rootId, admins: [ids[i % ids.length]!], members: ids.slice(2 + i * 3, 5 + i * 3) };
    s.grids.set(g.grid_id, g);
    return g;
  });
  const leaves: Category[] = [];
  for (const [name, children] of CASES) {
    const top: Category = { category_id: s.newId('cata'), category_name: name, level: 1, parent: '' };
    s.categories.set(top.category_id, top);
    for (const c of children) {
      const child: Category = { category_id: s.newId('cata'), category_name: c, level: 2, parent: top.category_id };
      s.categories.set(child.category_id, child);
      leaves.push(child);
    }
  }
  for (let i = 0; i < 10; i++) {
    const kind: OrderKind = i < 6 ? 'patrol' : 'resident';
    const g = rng.pick(grids);
    const c = rng.pick(leaves);
    const reporter = rng.pick(members);
    const created = nowSec - rng.range(600, 6 * DAY_SECONDS);
    const place = rng.pick(PLACES);
    const o = s.fileOrder({
      kind,
      desc: `${place}发现${c.category_name}`,
      urge_type: rng.chance(0.3) ? 1 : 0,
      category_id: c.category_id,
      case_name: c.category_name,
      grid_id: g.grid_id,
      grid_name: g.grid_name,
      create_time: created,
      location: { name: place, address: `${place}${rng.range(1, 30)}栋`, latitude: 22.5 + rng.int(1000) / 10000, longitude: 113.9 + rng.int(1000) / 10000 },
      reporter_userid: kind === 'patrol' ? reporter.userid : '',
      reporter_name: kind === 'patrol' ? reporter.name : rng.pick(['陈先生', '林女士', '黄先生']),
      reporter_mobile: kind === 'patrol' ? '' : `137${rng.string(8, '0123456789')}`,
      unionid: kind === 'patrol' ? '' : `o${rng.string(27)}`,
    });
    const steps = rng.int(3);
    for (let k = 0; k < steps; k++) s.advance(o, g.admins[0]!, '', Math.min(nowSec, created + (k + 1) * 3600));
  }
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ReportState);
