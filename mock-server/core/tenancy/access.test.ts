import { describe, expect, it } from 'vitest';
import { buildCorp } from '../../../fixtures/index.js';
import { Clock } from '../runtime/clock.js';
import { Scheduler } from '../runtime/scheduler.js';
import { CorpRegistry } from './registry.js';
import { areasView, mayCallArea } from './access.js';

function registry(areas: string[]) {
  const clock = new Clock();
  return new CorpRegistry<Record<string, never>>({
    clock,
    scheduler: new Scheduler(clock),
    buildSeed: (spec) => buildCorp(spec.seed, spec.scenario, { corpid: spec.corpid, corpName: spec.corpName }),
    createDomains: () => ({}),
    areas,
  });
}

describe('API areas', () => {
  it("When a corp is created, then each area has its own system secret whose token may call that area only, and the seed's apps are callable", () => {
    const r = registry(['checkin', 'approval']);
    const corp = r.create({ seed: 7, scenario: 'empty', corpid: 'wwareas000000001' });
    const view = areasView(corp);
    expect(Object.keys(view).sort()).toEqual(['approval', 'checkin']);
    expect(view['checkin']!.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(view['checkin']!.secret).not.toBe(view['approval']!.secret);
    const checkin = r.tokenFor(corp, view['checkin']!.secret, 7200)!;
    expect(checkin).toMatchObject({ kind: 'system', area: 'checkin' });
    expect(mayCallArea(corp, checkin, 'checkin')).toBe(true);
    expect(mayCallArea(corp, checkin, 'approval')).toBe(false);
    const app = [...corp.apps.values()][0]!;
    const appToken = r.tokenFor(corp, app.secret, 7200)!;
    expect(mayCallArea(corp, appToken, 'approval')).toBe(true);
    corp.areas.get('approval')!.callable.clear();
    expect(mayCallArea(corp, appToken, 'approval')).toBe(false);
    const contacts = r.tokenFor(corp, corp.secrets.contacts, 7200)!;
    expect(mayCallArea(corp, contacts, 'checkin')).toBe(false);
  });

  it('When the same seed builds two corps, then their area secrets differ (bound to the corpid) and a reset keeps them', () => {
    const r = registry(['checkin']);
    const a = r.create({ seed: 7, scenario: 'empty', corpid: 'wwareas000000002' });
    const b = r.create({ seed: 7, scenario: 'empty', corpid: 'wwareas000000003' });
    expect(areasView(a)['checkin']!.secret).not.toBe(areasView(b)['checkin']!.secret);
    const before = areasView(a)['checkin']!.secret;
    expect(areasView(r.reset(a.corpid)!)['checkin']!.secret).toBe(before);
  });
});
