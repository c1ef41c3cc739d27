/**
 * Customer moments (doc path/95094, 93333, 97612): add_moment_task is a job on the mock clock; senders publish
 * (control plane); customers, results and interactions per sender; withdrawal.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { ecCorp, type EcCorp } from './helpers.js';

const target = await suiteTarget();

async function moment(c: EcCorp, body: Record<string, unknown>): Promise<{ moment_id: string; result: Record<string, unknown> }> {
  const made = await call(target, 'externalcontact_add_moment_task', { token: c.cc, body });
  expect(made.errcode, JSON.stringify(made.json)).toBe(0);
  const jobid = made.json!['jobid'] as string;
  const early = await call(target, 'externalcontact_get_moment_task_result', { token: c.cc, query: { jobid } });
  expect(early.json!['status']).not.toBe(3);
  await c.advance(5);
  const done = await call(target, 'externalcontact_get_moment_task_result', { token: c.cc, query: { jobid } });
  expect(done.json!['status']).toBe(3);
  const result = done.json!['result'] as Record<string, unknown>;
  return { moment_id: result['moment_id'] as string, result };
}

describe.skipIf(!target.isMock)('customer contact: moments', () => {
  it('When a moment job completes and the sender publishes, then its customers see it and interactions are listed', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    const { moment_id, result } = await moment(c, { text: { content: 'hi' }, visible_range: { sender_list: { user_list: [c.userid, 'nobody_here'] } } });
    expect((result['invalid_sender_list'] as { user_list: string[] }).user_list).toEqual(['nobody_here']);

    const task = await call(target, 'externalcontact_get_moment_task', { token: c.cc, body: { moment_id } });
    expect(task.json!['task_list']).toEqual([{ userid: c.userid, publish_status: 0 }]);
    const chosen = await call(target, 'externalcontact_get_moment_customer_list', { token: c.cc, body: { moment_id, userid: c.userid } });
    expect(chosen.json!['customer_list']).toEqual([{ userid: c.userid, external_userid: a.external_userid }]);
    expect((await call(target, 'externalcontact_get_moment_send_result', { token: c.cc, body: { moment_id, userid: c.userid } })).errcode).toBe(code('MOMENT_NOT_PUBLISHED_BY_USER'));

    const pub = await target.admin('POST', '/__mock/externalcontact/moment/publish', { corpid: c.corp.corpid, moment_id, userid: c.userid });
    expect(pub.status, JSON.stringify(pub.json)).toBe(200);
    const seen = await call(target, 'externalcontact_get_moment_send_result', { token: c.cc, body: { moment_id, userid: c.userid } });
    expect(seen.json!['customer_list']).toEqual([{ external_userid: a.external_userid }]);
    const like = await target.admin('POST', '/__mock/externalcontact/moment/interact', { corpid: c.corp.corpid, moment_id, userid: c.userid, kind: 'like', external_userid: a.external_userid });
    expect(like.status, JSON.stringify(like.json)).toBe(201);
    const comments = await call(target, 'externalcontact_get_moment_comments', { token: c.cc, body: { moment_id, userid: c.userid } });
    expect(comments.json!['comment_list']).toEqual([]);
    expect((comments.json!['like_list'] as Array<{ external_userid: string }>).map((r) => r.external_userid)).toEqual([a.external_userid]);

    const now = Math.floor(Date.now() / 1000);
    const list = await call(target, 'externalcontact_get_moment_list', { token: c.cc, body: { start_time: now - 86400, end_time: now + 86400 } });
    expect((list.json!['moment_list'] as Array<{ moment_id: string; create_type: number }>).find((m) => m.moment_id === moment_id)?.create_type).toBe(0);
  });

  it('When a moment is withdrawn, then the sender can no longer publish; another member is no sender (41061); unknown ids 41060', async () => {
    const c = await ecCorp(target);
    await c.addCustomer();
    const { moment_id } = await moment(c, { text: { content: 'x' }, visible_range: { sender_list: { user_list: [c.userid] } } });
    const other = c.corp.raw!.sample_userids!.find((u) => u !== c.userid)!;
    expect((await call(target, 'externalcontact_get_moment_customer_list', { token: c.cc, body: { moment_id, userid: other } })).errcode).toBe(code('MOMENT_SENDER_MISMATCH'));
    expect((await call(target, 'externalcontact_cancel_moment_task', { token: c.cc, body: { moment_id } })).errcode).toBe(0);
    expect((await target.admin('POST', '/__mock/externalcontact/moment/publish', { corpid: c.corp.corpid, moment_id, userid: c.userid })).status).toBe(409);
    expect((await call(target, 'externalcontact_get_moment_task', { token: c.cc, body: { moment_id: 'momNOPE' } })).errcode).toBe(code('INVALID_MOMENT_ID'));
  });

  it('When a moment has neither text nor attachments, or an unknown jobid is asked, then 41089 and 40088', async () => {
    const c = await ecCorp(target);
    expect((await call(target, 'externalcontact_add_moment_task', { token: c.cc, body: {} })).errcode).toBe(code('MOMENT_CONTENT_AND_ATTACHMENTS_EMPTY'));
    const two = [{ msgtype: 'video' as const, video: { media_id: 'M' } }, { msgtype: 'link' as const, link: { title: 't', url: 'https://example.com', media_id: 'M' } }];
    expect((await call(target, 'externalcontact_add_moment_task', { token: c.cc, body: { attachments: two } })).errcode).toBe(code('TOO_MANY_ATTACHMENTS'));
    expect((await call(target, 'externalcontact_get_moment_task_result', { token: c.cc, query: { jobid: 'nope' } })).errcode).toBe(code('JOBID_NOT_FOUND'));
  });
});
