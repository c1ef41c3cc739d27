/** A provider's files and ids: service/media/upload, id_translate + batch/getresult, contact/sort; openuserid_to_userid. Mock only. */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { cipherFor, installed, type Installed } from './helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;

/** A member's open_userid for the suite's provider (user/get with the suite's corp token answers it). */
async function openUserid(i: Installed, userid: string): Promise<string> {
  const cipher = await cipherFor(base, i.corp, i.corpToken, userid);
  return (await call(base, 'user_get', { token: i.corpToken, query: { userid: cipher } })).json!['open_userid'] as string;
}

async function providerToken(provider_corpid: string): Promise<string> {
  const list = await target.admin<{ providers: Array<{ corpid: string; provider_secret: string }> }>('GET', '/__mock/providers');
  const p = list.json.providers.find((x) => x.corpid === provider_corpid)!;
  const r = await call(base, 'service_get_provider_token', { body: { corpid: provider_corpid, provider_secret: p.provider_secret } });
  return r.json!['provider_access_token'] as string;
}

describe.skipIf(!target.isMock)('provider files and ids', () => {
  it('When a file with ids is translated, then the job answers a URL of the text with names', async () => {
    const i = await installed(target);
    try {
      const pt = await providerToken(i.provider_corpid);
      const userid = i.corp.raw!.sample_userids![0]!;
      const open = await openUserid(i, userid);
      const form = new FormData();
      form.append('media', new Blob([Buffer.from(`负责人: $userName=${open}$`)]), 'a.txt');
      const up = await call(base, 'service_media_upload', { token: pt, query: { type: 'file' }, body: form });
      expect(up.errcode, up.text).toBe(0);
      const job = await call(base, 'service_contact_id_translate', { token: pt, body: { auth_corpid: i.corp.corpid, media_id_list: [up.json!.media_id!], output_file_format: 'pdf' } });
      expect(job.errcode, job.text).toBe(0);
      expect((await call(base, 'service_contact_id_translate', { token: pt, body: { auth_corpid: i.corp.corpid, media_id_list: [up.json!.media_id!], output_file_format: 'odt' } })).errcode).toBe(code('INVALID_OUTPUT_FILE_FORMAT'));
      expect((await call(base, 'service_contact_id_translate', { token: pt, body: { auth_corpid: 'wwnobody', media_id_list: [up.json!.media_id!] } })).errcode).toBe(code('AUTH_RELATION_INVALID'));
      await target.admin('POST', '/__mock/clock', { corpid: i.provider_corpid, advance_seconds: 10 });
      const r = await call(base, 'service_batch_getresult', { token: pt, query: { jobid: job.json!.jobid! } });
      expect(r.json).toMatchObject({ status: 2, type: 'contact_id_translate' });
      const text = await (await fetch(r.json!.result!.contact_id_translate!.url!)).text();
      const name = (await call(base, 'user_get', { token: i.ownToken, query: { userid } })).json!['name'] as string;
      expect(text).toBe(`负责人: ${name}`);
      expect((await call(base, 'service_batch_getresult', { token: pt, query: { jobid: 'nope' } })).errcode).toBe(code('JOBID_NOT_FOUND'));
    } finally {
      await i.close();
    }
  });

  it('When open_userids are sorted or mapped back, then only the corp members of that provider count', async () => {
    const i = await installed(target);
    try {
      const pt = await providerToken(i.provider_corpid);
      const [a, b] = i.corp.raw!.sample_userids as [string, string];
      const oa = await openUserid(i, a);
      const ob = await openUserid(i, b);
      const sorted = await call(base, 'service_contact_sort', { token: pt, body: { auth_corpid: i.corp.corpid, sort_type: 1, useridlist: [ob, oa, 'woNOBODY'] } });
      expect(sorted.json?.useridlist?.slice().sort()).toEqual([oa, ob].sort());
      const map = await call(base, 'batch_openuserid_to_userid', { token: i.ownToken, body: { open_userid_list: [oa, 'woNOBODY'], source_agentid: i.agentid } });
      expect(map.json).toMatchObject({ userid_list: [{ open_userid: oa, userid: a }], invalid_open_userid_list: ['woNOBODY'] });
      expect((await call(base, 'batch_openuserid_to_userid', { token: i.ownToken, body: { open_userid_list: [oa], source_agentid: i.corp.agentid } })).errcode).toBe(code('INVALID_AGENTID'));
    } finally {
      await i.close();
    }
  });
});
