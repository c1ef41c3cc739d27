/**
 * Ids a third-party app sees (doc path/92109, 90628, 90642, 95884): members by a per-provider ciphertext userid
 * (plain userids → 40003), customers by a per-provider external_userid (the corp's → 40096), and the
 * same ids in the change_contact / change_external_contact callbacks of its instruction URL.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { xmlField } from '../callbacks/helpers.js';
import { cipherFor, infos, installed, withInstalled } from './helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;
const mockOnly = it.skipIf(!target.isMock);

const CIPHER = /^woAJ[0-9A-Za-z]{28}$/;

describe('ciphertext userids of third-party apps', () => {
  mockOnly('When a third-party app reads contacts, then every member id is its provider ciphertext and plain userids are refused with 40003', () =>
    withInstalled(target, async (s) => {
      const sync = await getToken(base, s.corp.corpid, s.corp.raw!.secrets.contacts);
      const plainIds = (await call(target, 'user_list_id', { token: sync, body: {} })).json!['dept_user'] as Array<{ userid: string }>;
      const ids = await call(target, 'user_list_id', { token: s.corpToken, body: {} });
      expect(ids.errcode).toBe(0);
      const rows = ids.json!['dept_user'] as Array<{ userid: string }>;
      expect(rows.length).toBe(plainIds.length);
      for (const r of rows) expect(r.userid).toMatch(CIPHER);
      const plain = new Set(plainIds.map((r) => r.userid));
      expect(rows.some((r) => plain.has(r.userid))).toBe(false);
      // Stable: the same answer twice.
      expect(((await call(target, 'user_list_id', { token: s.corpToken, body: {} })).json!['dept_user'] as unknown[])).toEqual(rows);

      const who = s.corp.raw!.sample_userids![0]!;
      const cipher = await cipherFor(base, s.corp, s.corpToken, who);
      const user = await call(target, 'user_get', { token: s.corpToken, query: { userid: cipher } });
      expect(user.errcode, JSON.stringify(user.json)).toBe(0);
      expect(user.json!['userid']).toBe(cipher);
      expect(user.json!['name']).toBe(cipher);
      // The plain userid, from a third-party token: 40003 ("第三方应用则需要使用密文userid").
      expect((await call(target, 'user_get', { token: s.corpToken, query: { userid: who } })).errcode).toBe(code('INVALID_USERID'));
      // The corp's own app still reads (and sends) plain userids.
      const own = await call(target, 'user_get', { token: s.ownToken, query: { userid: who } });
      expect(own.json!['userid']).toBe(who);

      const simple = await call(target, 'user_simplelist', { token: s.corpToken, query: { department_id: 1, fetch_child: 1 } });
      expect(simple.errcode).toBe(0);
      const simpleIds = (simple.json!['userlist'] as Array<{ userid: string; name: string }>).map((u) => {
        expect(u.name).toBe(u.userid);
        return u.userid;
      });
      expect(new Set(simpleIds)).toEqual(new Set(rows.map((r) => r.userid)));
      const list = await call(target, 'user_list', { token: s.corpToken, query: { department_id: 1, fetch_child: 1 } });
      for (const u of list.json!['userlist'] as Array<{ userid: string; direct_leader?: string[] }>) {
        expect(u.userid).toMatch(CIPHER);
        for (const l of u.direct_leader ?? []) expect(l).toMatch(CIPHER);
      }

      // Department leaders and tag members, too.
      const leader = 'tplead';
      const dept = await call(target, 'department_create', { token: sync, body: { name: `tp-${Date.now() % 100000}`, parentid: 1 } });
      expect(dept.errcode, JSON.stringify(dept.json)).toBe(0);
      const lead = { userid: leader, name: 'N lead', department: [dept.json!['id']], is_leader_in_dept: [1], email: 'tplead@example.test' };
      expect((await call(target, 'user_create', { token: sync, body: lead })).errcode).toBe(0);
      const depts = await call(target, 'department_list', { token: s.corpToken, query: { id: dept.json!['id'] as number } });
      expect((depts.json!['department'] as Array<{ department_leader: string[] }>)[0]!.department_leader).toEqual([
        await cipherFor(base, s.corp, s.corpToken, leader),
      ]);
      const tag = await call(target, 'tag_create', { token: sync, body: { tagname: `tp${Date.now() % 100000}` } });
      expect(tag.errcode, JSON.stringify(tag.json)).toBe(0);
      expect((await call(target, 'tag_addtagusers', { token: sync, body: { tagid: tag.json!['tagid'] as number, userlist: [who] } })).errcode).toBe(0);
      const tagged = await call(target, 'tag_get', { token: s.corpToken, query: { tagid: tag.json!['tagid'] as number } });
      expect(tagged.errcode, JSON.stringify(tagged.json)).toBe(0);
      expect(tagged.json!['userlist']).toEqual([{ userid: cipher, name: cipher }]);
    }));

  mockOnly('When two providers are installed in one corp, then each sees its own ciphertext and the other one’s is 40003', () =>
    withInstalled(target, async (a) => {
      // A second provider installs its own suite in the same corp.
      const b = await installed(target, a.corp);
      try {
        const who = a.corp.raw!.sample_userids![0]!;
        const ca = await cipherFor(base, a.corp, a.corpToken, who);
        const cb = await cipherFor(base, a.corp, b.corpToken, who);
        expect(cb).toMatch(CIPHER);
        expect(ca).not.toBe(cb);
        expect((await call(target, 'user_get', { token: a.corpToken, query: { userid: ca } })).json!['userid']).toBe(ca);
        expect((await call(target, 'user_get', { token: b.corpToken, query: { userid: cb } })).json!['userid']).toBe(cb);
        // One provider's ciphertext is not the other's.
        expect((await call(target, 'user_get', { token: b.corpToken, query: { userid: ca } })).errcode).toBe(code('INVALID_USERID'));
        expect((await call(target, 'user_get', { token: a.corpToken, query: { userid: cb } })).errcode).toBe(code('INVALID_USERID'));
        // Another corp: the same provider's ciphertext of a member there differs.
        const c = await installed(target);
        try {
          expect(await cipherFor(base, c.corp, c.corpToken, c.corp.raw!.sample_userids![0]!)).not.toBe(ca);
        } finally {
          await c.close();
        }
      } finally {
        await b.close();
      }
    }));

  mockOnly('When a member is created, then the suite’s change_contact callback carries the ciphertext UserID the app reads', () =>
    withInstalled(target, async (s) => {
      const sync = await getToken(base, s.corp.corpid, s.corp.raw!.secrets.contacts);
      const created = await call(target, 'user_create', { token: sync, body: { userid: 'tpnew', name: 'N tpnew', department: [1], email: 'tpnew@example.test' } });
      expect(created.errcode, JSON.stringify(created.json)).toBe(0);
      await target.admin('POST', '/__mock/callbacks/drain', { corpid: s.corp.corpid, timeout_ms: 20_000 });
      const xml = infos(s.instruction, 'change_contact').find((x) => xmlField(x, 'ChangeType') === 'create_user');
      expect(xml, 'create_user on the instruction callback').toBeDefined();
      expect(xmlField(xml!, 'AuthCorpId')).toBe(s.corp.corpid);
      expect(xmlField(xml!, 'SuiteId')).toBe(s.suite_id);
      const id = xmlField(xml!, 'UserID')!;
      expect(id).toMatch(CIPHER);
      expect(id).toBe(await cipherFor(base, s.corp, s.corpToken, 'tpnew'));
      expect((await call(target, 'user_get', { token: s.corpToken, query: { userid: id } })).errcode).toBe(0);
    }));
});

describe('per-provider external_userid', () => {
  mockOnly('When a customer is added, then the corp’s own app and the provider’s app see different ids, each refused (40096) for the other', () =>
    withInstalled(target, async (s) => {
      const settings = await target.admin<{ callable_agentids: number[] }>('GET', `/__mock/externalcontact/settings?corpid=${s.corp.corpid}`);
      expect(settings.status).toBe(200);
      const callable = [...settings.json.callable_agentids, s.agentid];
      expect((await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: s.corp.corpid, callable_agentids: callable })).status).toBe(200);
      const who = s.corp.raw!.sample_userids![0]!;
      const add = await target.admin<{ external_userid: string }>('POST', '/__mock/simulate/customer-adds', { corpid: s.corp.corpid, userid: who });
      expect(add.status, JSON.stringify(add.json)).toBe(201);
      const corpId = add.json.external_userid;

      const own = await call(target, 'externalcontact_list', { token: s.ownToken, query: { userid: who } });
      expect(own.errcode, JSON.stringify(own.json)).toBe(0);
      expect(own.json!['external_userid']).toContain(corpId);
      // The provider's app names the member by ciphertext and gets the provider's id of the customer.
      const cipher = await cipherFor(base, s.corp, s.corpToken, who);
      const theirs = await call(target, 'externalcontact_list', { token: s.corpToken, query: { userid: cipher } });
      expect(theirs.errcode, JSON.stringify(theirs.json)).toBe(0);
      const providerIds = theirs.json!['external_userid'] as string[];
      expect(providerIds.length).toBe((own.json!['external_userid'] as string[]).length);
      expect(providerIds).not.toContain(corpId);
      const providerId = providerIds.find((x) => !(own.json!['external_userid'] as string[]).includes(x))!;
      expect(providerId).toMatch(/^wo/);

      const viaProvider = await call(target, 'externalcontact_get', { token: s.corpToken, query: { external_userid: providerIds[providerIds.length - 1]! } });
      expect(viaProvider.errcode, JSON.stringify(viaProvider.json)).toBe(0);
      expect((await call(target, 'externalcontact_get', { token: s.corpToken, query: { external_userid: corpId } })).errcode).toBe(code('INVALID_EXTERNAL_USERID'));
      expect((await call(target, 'externalcontact_get', { token: s.ownToken, query: { external_userid: providerId } })).errcode).toBe(code('INVALID_EXTERNAL_USERID'));
      expect((await call(target, 'externalcontact_get', { token: s.ownToken, query: { external_userid: corpId } })).errcode).toBe(0);

      // The suite hears of the addition with the provider's id.
      await target.admin('POST', '/__mock/callbacks/drain', { corpid: s.corp.corpid, timeout_ms: 20_000 });
      const xml = infos(s.instruction, 'change_external_contact').at(-1);
      expect(xml, 'change_external_contact on the instruction callback').toBeDefined();
      const ext = xmlField(xml!, 'ExternalUserID')!;
      expect(ext).not.toBe(corpId);
      expect(providerIds).toContain(ext);
      expect(xmlField(xml!, 'UserID')).toBe(cipher);
    }));
});
