/**
 * The mock answers the fields of WeCom's official samples (spec/reference/example-fields.json) for the
 * operations whose samples issue 19 found undeclared: every response field path of the sample is in the
 * answer, except those WeCom sends only in situations the mock does not create (listed with the reason).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, getToken } from '../../harness/client.js';
import { ecCorp } from '../externalcontact/helpers.js';
import { installed } from '../provider/helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;

const samples = (
  JSON.parse(readFileSync(new URL('../../../spec/reference/example-fields.json', import.meta.url), 'utf8')) as {
    endpoints: Record<string, { response?: Record<string, unknown> }>;
  }
).endpoints;

/** Field paths of a JSON value, in the sample file's notation (`a.b`, `a[]`). */
function pathsOf(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (prefix) out.add(prefix);
  if (Array.isArray(value)) for (const v of value) pathsOf(v, `${prefix}[]`, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** Sample response paths missing from `answer`, ignoring those under an `absent` prefix. */
function missing(path: string, answer: unknown, absent: string[] = []): string[] {
  const have = pathsOf(answer);
  // Item paths of an array the answer has but that is empty (allow_tag: []) cannot be present.
  const inEmptyArray = (p: string): boolean => {
    const i = p.lastIndexOf('[]');
    if (i < 0) return false;
    const arr = p.slice(0, i);
    return have.has(arr) && !have.has(`${arr}[]`) ? true : inEmptyArray(arr);
  };
  return Object.keys(samples[path]!.response!).filter(
    (p) => !have.has(p) && !inEmptyArray(p) && !absent.some((a) => p === a || p.startsWith(`${a}.`) || p.startsWith(`${a}[]`)),
  );
}

describe.skipIf(!target.isMock)('official sample fields in the answers', () => {
  it('When user/list is called, then each row has english_name (= alias) and hide_mobile besides the other sample fields', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const r = await call(base, 'user_list', { token, query: { department_id: 1, fetch_child: 1 } });
    expect(r.errcode, r.text).toBe(0);
    const rows = r.json!['userlist'] as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row['english_name']).toBe(row['alias']);
      expect(row['hide_mobile']).toBe(0);
    }
    // Self-built apps no longer get mobile, email, avatar, gender, qr_code, address (2022 rules, SENSITIVE_MEMBER_FIELDS);
    // Which extattr kinds (text, web) exist depends on the seed; the kinds themselves are checked by the schema test.
    const sensitive = ['mobile', 'email', 'avatar', 'thumb_avatar', 'gender', 'qr_code', 'address'].map((f) => `userlist[].${f}`);
    expect(missing('/cgi-bin/user/list', r.json, [...sensitive, 'userlist[].extattr.attrs[].web', 'userlist[].extattr.attrs[].text'])).toEqual([]);
  });

  it('When a suite reads an authorisation, then get_auth_info and get_admin_list answer the sample fields from the install', async () => {
    const s = await installed(target);
    try {
            const info = await call(base, 'service_get_auth_info', { token: s.suiteToken, body: { auth_corpid: s.corp.corpid, permanent_code: s.permanent_code } });
      expect(info.errcode, info.text).toBe(0);
      // shared_from: only for apps shared by an upstream corp (上下游), which the mock does not model.
      expect(missing('/cgi-bin/service/get_auth_info', info.json, ['auth_info.agent[].shared_from'])).toEqual([]);
      const corpInfo = info.json!['auth_corp_info'] as Record<string, unknown>;
      expect(corpInfo['corpid']).toBe(s.corp.corpid);
      const agent = (info.json!['auth_info'] as { agent: Array<Record<string, unknown>> }).agent[0]!;
      expect(agent['agentid']).toBe(s.agentid);
      expect(agent['privilege']).toMatchObject({ level: 1, allow_party: [1], extra_party: [], extra_user: [], extra_tag: [] });

      const admins = await call(base, 'service_get_admin_list', { token: s.suiteToken, body: { auth_corpid: s.corp.corpid, agentid: s.agentid } });
      expect(admins.errcode, admins.text).toBe(0);
      expect(missing('/cgi-bin/service/get_admin_list', admins.json)).toEqual([]);
      expect((admins.json!['admin'] as Array<Record<string, unknown>>)[0]!['auth_type']).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('When a temporary contact way has conclusions, then get_contact_way answers them with the image as pic_url', async () => {
    const c = await ecCorp(target);
    const conclusions = {
      text: { content: '再见' },
      image: { media_id: 'MEDIA' },
      link: { title: 't', picurl: 'https://p.test/a.png', desc: 'd', url: 'https://u.test/' },
      miniprogram: { title: 'm', pic_media_id: 'PIC', appid: 'wx8bd80126147dfAAF', page: '/index' },
    };
    const add = await call(base, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 1, scene: 2, user: [c.userid], is_temp: true, conclusions } });
    expect(add.errcode, add.text).toBe(0);
    const got = await call(base, 'externalcontact_get_contact_way', { token: c.cc, body: { config_id: String(add.json!['config_id']) } });
    expect(got.errcode, got.text).toBe(0);
    const way = got.json!['contact_way'] as { conclusions: Record<string, Record<string, string>> };
    expect(way.conclusions['text']).toEqual(conclusions.text);
    expect(way.conclusions['link']).toEqual(conclusions.link);
    expect(way.conclusions['miniprogram']).toEqual(conclusions.miniprogram);
    expect(way.conclusions['image']!['pic_url']).toMatch(/^http/);
    expect(missing('/cgi-bin/externalcontact/get_contact_way', got.json)).toEqual([]);
  });
});
