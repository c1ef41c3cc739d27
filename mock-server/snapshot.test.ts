import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMock } from './index.js';
import { DEMO_CORP_ID } from './index.js';
import { encodeGraph } from './core/runtime/graph.js';
import { SNAPSHOT_VERSION, type SnapshotDocument } from './core/tenancy/snapshot.js';

/**
 * Snapshots round-trip: a demo corp with writes in the domains whose demo data is empty is saved from one
 * mock, loaded into a second, and both answer the same reads; the loaded state saves to the same graph.
 */

type Json = Record<string, unknown>;

async function call(base: string, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(base + path, {
    method,
    ...(body !== undefined && { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, ...(JSON.parse(text) as Json) };
}

async function upload(base: string, token: string, type: string, name: string, content: string): Promise<string> {
  const form = new FormData();
  form.append('media', new Blob([content], { type: 'text/plain' }), name);
  const res = await fetch(`${base}/cgi-bin/media/upload?access_token=${token}&type=${type}`, { method: 'POST', body: form });
  const out = (await res.json()) as Json;
  expect(out['errcode'], JSON.stringify(out)).toBe(0);
  return out['media_id'] as string;
}

/** The states of the corp's domains that hold something: a non-empty Map, Set or array anywhere in them. */
function filledDomains(mock: RunningMock): { filled: string[]; empty: string[] } {
  const corp = mock.app.registry.get(DEMO_CORP_ID)!;
  const domains = corp.domains as unknown as Record<string, object>;
  const filled: string[] = [];
  const empty: string[] = [];
  for (const [name, state] of Object.entries(domains)) {
    // Other domains' states, the corp and its runtime are someone else's: not counted here.
    const ext = new Map<object, string>([[corp, 'corp'], [corp.clock, 'clock'], [corp.timers, 'timers'], [mock.app.registry.eventListeners, 'listeners']]);
    for (const [other, s] of Object.entries(domains)) if (other !== name) ext.set(s, other);
    const g = encodeGraph(state, ext);
    const some = g.objects.some((o) => (o.k === 'M' || o.k === 'S' || o.k === 'A') && (o.v as unknown[]).length > 0);
    (some ? filled : empty).push(name);
  }
  return { filled, empty };
}

describe('snapshots', () => {
  let a: RunningMock;
  let b: RunningMock;
  let doc: SnapshotDocument;
  let tokens: { app: string; contacts: string; customer: string; archive: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    a = await startMockServer({ port: 0 });
    b = await startMockServer({ port: 0, demoCorp: false });
    const base = a.url;
    const corp = a.corp;
    const app = corp.apps[0]!;
    const token = async (secret: string): Promise<string> => (await call(base, 'GET', `/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${secret}`))['access_token'] as string;
    tokens = { app: await token(app.secret), contacts: await token(corp.secrets.contacts), customer: await token(corp.secrets.customer_contact), archive: await token(corp.secrets.archive) };
    const user = corp.sample_userids![0]!;
    ids['user'] = user;

    // Writes in the domains the demo corp leaves empty (the others hold seeded data already).
    expect((await call(base, 'GET', `/cgi-bin/get_jsapi_ticket?access_token=${tokens.app}`))['errcode']).toBe(0);
    ids['media'] = await upload(base, tokens.app, 'file', 'note.txt', 'a file kept across mocks');
    const exp = await call(base, 'POST', `/cgi-bin/export/simple_user?access_token=${tokens.contacts}`, { encoding_aeskey: 'A'.repeat(43) });
    expect(exp['errcode'], JSON.stringify(exp)).toBe(0);
    ids['export'] = exp['jobid'] as string;
    const csv = await upload(base, tokens.contacts, 'file', 'members.csv', `姓名,帐号,部门\n快照甲,snapuser1,1\n`);
    const batch = await call(base, 'POST', `/cgi-bin/batch/syncuser?access_token=${tokens.contacts}`, { media_id: csv });
    expect(batch['errcode'], JSON.stringify(batch)).toBe(0);
    ids['batch'] = batch['jobid'] as string;
    const sent = await call(base, 'POST', `/cgi-bin/message/send?access_token=${tokens.app}`, { touser: user, msgtype: 'text', agentid: app.agentid, text: { content: 'kept' } });
    expect(sent['errcode'], JSON.stringify(sent)).toBe(0);
    const callOut = await call(base, 'POST', `/cgi-bin/pstncc/call?access_token=${tokens.app}`, { callee_userid: [user] });
    expect(callOut['errcode'], JSON.stringify(callOut)).toBe(0);
    ids['callid'] = ((callOut['states'] as Json[])[0]!['callid'] as string) ?? '';
    expect((await call(base, 'POST', `/__mock/oauth/next-user`, { corpid: corp.corpid, userid: user })).status).toBeLessThan(300);
    const authorize = await fetch(`${base}/connect/oauth2/authorize?appid=${corp.corpid}&redirect_uri=${encodeURIComponent('http://127.0.0.1/cb')}&response_type=code&scope=snsapi_base&agentid=${app.agentid}&state=s`, { redirect: 'manual' });
    expect(authorize.status).toBeLessThan(400);
    expect((await call(base, 'POST', `/__mock/corps/${corp.corpid}/aibots`, {})).status).toBe(201);
    // An archive key: the state then holds a crypto key object (saved as PEM).
    const key = await call(base, 'POST', `/__mock/corps/${corp.corpid}/archive/keys`, {});
    expect(key.status, JSON.stringify(key).slice(0, 300)).toBeLessThan(300);
    const customer = corp.customer_contact!.sample_external_userid!;
    const tmp = await call(base, 'POST', `/__mock/corps/${corp.corpid}/tmp-external-userids`, { agentid: app.agentid, business_type: 1, user_type: 1, external_userid: customer });
    expect(tmp.status, JSON.stringify(tmp)).toBe(201);
    const other = await call(base, 'POST', '/__mock/corps', {});
    const link = await call(base, 'POST', '/__mock/linkedcorp/links', { corpid: corp.corpid, linked_corpid: other['corpid'] });
    expect(link.status, JSON.stringify(link)).toBeLessThan(300);
    // The 服务商 domain keeps id-translation jobs of a provider's own corp: one booked through its job book.
    const demo = a.app.registry.get(DEMO_CORP_ID)!;
    demo.domains.provider.translateJobs.submit(
      demo,
      'snapshot test translation',
      (jobid) => ({ jobid, createdAtMs: 0, startAtMs: 0, doneAtMs: demo.clock.nowMs() + 3_600_000, settled: false, auth_corpid: demo.corpid, media: [], name: 'r', format: 'pdf', url: undefined }),
      'provider.translate',
      { corpid: demo.corpid, baseUrl: base },
    );

    const saved = await fetch(`${base}/__mock/snapshot?corpid=${DEMO_CORP_ID}`);
    expect(saved.status).toBe(200);
    doc = (await saved.json()) as SnapshotDocument;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('When a demo corp with writes is saved, then every domain has state to save and the document says its format and version', () => {
    expect(filledDomains(a).empty).toEqual([]);
    expect(doc.format).toBe('wecom-mock-snapshot');
    expect(doc.version).toBe(SNAPSHOT_VERSION);
    expect(doc.corps.map((c) => c.corpid)).toEqual([DEMO_CORP_ID]);
  });

  it('When the snapshot is loaded into another mock, then it saves to the same state graph, pending work included', async () => {
    const loaded = await call(b.url, 'POST', '/__mock/snapshot', doc);
    expect(loaded.status, JSON.stringify(loaded).slice(0, 500)).toBe(200);
    expect(loaded['loaded']).toEqual([DEMO_CORP_ID]);
    const again = (await (await fetch(`${b.url}/__mock/snapshot?corpid=${DEMO_CORP_ID}`)).json()) as SnapshotDocument;
    expect(JSON.stringify(again.corps[0]!.state)).toBe(JSON.stringify(doc.corps[0]!.state));
    expect(b.app.scheduler.pending(DEMO_CORP_ID).map((t) => t.label)).toEqual(a.app.scheduler.pending(DEMO_CORP_ID).map((t) => t.label));
    expect(filledDomains(b).empty).toEqual([]);
    // The corp's clock resumes where it was saved (mock time, not the loading mock's).
    expect(Math.abs(b.app.registry.get(DEMO_CORP_ID)!.clock.nowMs() - a.app.registry.get(DEMO_CORP_ID)!.clock.nowMs())).toBeLessThan(5_000);
  });

  it('When both mocks are read with the tokens issued before the save, then they answer the same across domains', async () => {
    const u = ids['user']!;
    const reads: Array<[string, string, unknown?]> = [
      ['GET', `/cgi-bin/user/get?access_token=${tokens.contacts}&userid=${u}`],
      ['GET', `/cgi-bin/department/list?access_token=${tokens.contacts}`],
      ['GET', `/cgi-bin/tag/list?access_token=${tokens.contacts}`],
      ['GET', `/cgi-bin/get_jsapi_ticket?access_token=${tokens.app}`],
      ['GET', `/cgi-bin/export/get_result?access_token=${tokens.contacts}&jobid=${ids['export']}`],
      ['GET', `/cgi-bin/batch/getresult?access_token=${tokens.contacts}&jobid=${ids['batch']}`],
      ['POST', `/cgi-bin/pstncc/getstates?access_token=${tokens.app}`, { callee_userid: u, callid: ids['callid'] }],
      ['GET', `/cgi-bin/externalcontact/list?access_token=${tokens.customer}&userid=${u}`],
      ['POST', `/cgi-bin/externalcontact/groupchat/list?access_token=${tokens.customer}`, { limit: 100 }],
      ['POST', `/cgi-bin/living/get_user_all_livingid?access_token=${tokens.app}`, { userid: u }],
      ['GET', `/cgi-bin/agent/list?access_token=${tokens.app}`],
      ['POST', `/cgi-bin/msgaudit/get_permit_user_list?access_token=${tokens.archive}`, {}],
      ['GET', `/__mock/callbacks?corpid=${DEMO_CORP_ID}`],
      ['GET', `/__mock/events?corpid=${DEMO_CORP_ID}`],
      ['GET', `/__mock/corps/${DEMO_CORP_ID}/archive/keys`],
    ];
    const media = async (m: RunningMock): Promise<string> => (await fetch(`${m.url}/cgi-bin/media/get?access_token=${tokens.app}&media_id=${ids['media']}`)).text();
    expect(await media(b)).toBe('a file kept across mocks');
    expect(await media(b)).toBe(await media(a));
    // B's corp resumed at the time it was saved while A's ran on: line the clocks up, then compare the
    // answers with the seconds left of a lifetime allowed to differ by the second the reads may straddle.
    const lag = a.app.registry.get(DEMO_CORP_ID)!.clock.nowMs() - b.app.registry.get(DEMO_CORP_ID)!.clock.nowMs();
    expect(lag).toBeGreaterThanOrEqual(0);
    b.app.registry.get(DEMO_CORP_ID)!.clock.advance(lag / 1000);
    const lifetime = (x: Json): Json => {
      const { expires_in: _left, ...rest } = x;
      return rest;
    };
    let answered = 0;
    for (const [method, path, body] of reads) {
      const [x, y] = await Promise.all([call(a.url, method, path, body), call(b.url, method, path, body)]);
      expect(lifetime(y), `${method} ${path}`).toEqual(lifetime(x));
      if (typeof x['expires_in'] === 'number') expect(Math.abs((y['expires_in'] as number) - x['expires_in'])).toBeLessThanOrEqual(1);
      if (x['errcode'] === 0 || x.status === 200) answered++;
    }
    expect(answered).toBe(reads.length);
  });

  it('When a snapshot of another version or a broken one is posted, then it is refused and nothing changes', async () => {
    const before = JSON.stringify(((await (await fetch(`${b.url}/__mock/snapshot`)).json()) as SnapshotDocument).corps.map((c) => c.state));
    const old = await call(b.url, 'POST', '/__mock/snapshot', { ...doc, version: 0 });
    expect(old.status).toBe(409);
    expect((old['error'] as Json)['code']).toBe('snapshot_version');
    expect((old['error'] as Json)['message']).toMatch(/version 0 .*reads version 1 only; nothing was loaded/);
    const foreign = await call(b.url, 'POST', '/__mock/snapshot', { format: 'firebase-export', version: 1, corps: [] });
    expect(foreign.status).toBe(409);
    // Two corps, the second one broken: the first is not loaded either (never half-loaded).
    const first = { ...doc.corps[0]!, corpid: 'wwsnapshotfirst00' };
    const broken = { ...doc.corps[0]!, corpid: 'wwsnapshotbroken0', state: { root: { '@': 0 }, objects: [{ k: 'O', c: 'NoSuchClass', v: {} }] } };
    const half = await call(b.url, 'POST', '/__mock/snapshot', { ...doc, corps: [first, broken] });
    expect(half.status).toBe(400);
    expect((half['error'] as Json)['message']).toMatch(/NoSuchClass/);
    expect(b.app.registry.get('wwsnapshotfirst00')).toBeUndefined();
    const after = JSON.stringify(((await (await fetch(`${b.url}/__mock/snapshot`)).json()) as SnapshotDocument).corps.map((c) => c.state));
    expect(after).toBe(before);
  });
});
