/**
 * What a domain's demo data is drawn from, one recipe for every domain: its own generator (stable for the
 * seed, the corpid and the domain, so no domain's draws shift another's), the corp's creation time, whether
 * the scenario has demo data at all (the empty one has none) and the corp's active members.
 */
import type { CorpSeed } from '../../fixtures/types.js';
import { Rng } from '../core/runtime/rng.js';
import { needs, type CorpBase } from '../core/tenancy/manifest.js';
import type { Member } from './contacts/index.js';
import type { Domain, DomainStates } from './types.js';

export interface DemoBasis {
  readonly rng: Rng;
  /** The corp's creation, Unix seconds. */
  readonly nowSec: number;
  /** False for the empty scenario. */
  readonly demo: boolean;
  /** The first `limit` active members (all without a limit), in directory order. */
  members(limit?: number): Member[];
  /** Their userids. */
  userids(limit?: number): string[];
}

export function demoBasis(domain: string, seed: CorpSeed, corp: CorpBase<DomainStates>, built: Partial<DomainStates>): DemoBasis {
  const contacts = needs(built, 'contacts', domain);
  const members = (limit = Infinity): Member[] => {
    const out: Member[] = [];
    for (const m of contacts.users.values()) if (m.status === 1 && out.push(m) >= limit) break;
    return out;
  };
  return {
    rng: new Rng(`${corp.seed}:${seed.corpid}:${domain}`),
    nowSec: Math.floor(corp.clock.nowMs() / 1000),
    demo: corp.scenario !== 'empty',
    members,
    userids: (limit) => members(limit).map((m) => m.userid),
  };
}

/**
 * Name, API area and state of a domain whose state is demo data drawn from its DemoBasis (the area is the
 * domain's own, with its system secret: core/tenancy/access.ts); routes, mount and credentials follow as in
 * any manifest.
 */
export function areaDomain<N extends string, S>(
  name: N,
  build: (b: DemoBasis, seed: CorpSeed, corp: CorpBase<DomainStates>) => S,
): Pick<Domain<N, S>, 'name' | 'areas' | 'state'> {
  return { name, areas: [name], state: (seed, corp, built) => build(demoBasis(name, seed, corp, built), seed, corp) };
}

/**
 * The `build` of areaDomain for a domain whose state class starts empty on the domain's generator and whose
 * `seedDemo` fills it, only when the scenario has demo data.
 */
export function seededState<S>(
  State: new (rng: Rng) => S,
  seedDemo: (state: S, seed: CorpSeed, nowSec: number) => void,
): (b: DemoBasis, seed: CorpSeed) => S {
  return (b: DemoBasis, seed: CorpSeed): S => {
    const s = new State(b.rng);
    if (b.demo) seedDemo(s, seed, b.nowSec);
    return s;
  };
}
