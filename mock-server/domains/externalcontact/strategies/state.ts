/**
 * Rule groups (规则组): customer strategies (doc path/94883) and moment strategies (doc path/94890); a customer
 * strategy has its own customer tags (doc path/94882). The control plane creates them.
 */
import type { TagGroup } from '../state.js';
import { snapshotClass } from '../../../core/runtime/graph.js';

export interface Strategy {
  strategy_id: number;
  kind: 'customer' | 'moment';
  strategy_name: string;
  /** Tag groups of the strategy (customer strategies only). */
  tagGroups: Map<string, TagGroup>;
}

export class Strategies {
  readonly byId = new Map<number, Strategy>();
  private seq = 0;
  nextId(): number {
    return ++this.seq;
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(Strategies);
