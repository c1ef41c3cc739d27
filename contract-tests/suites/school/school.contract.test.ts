import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

async function schoolCorp() {
  const { corp, token } = await areaCorp(target, 'school');
  return { corp, token };
}

describe.skipIf(!target.isMock)('家校沟通 (school)', () => {
  it('When the demo school is listed, then its classes hold students whose parents list them as children', async () => {
    const { token } = await schoolCorp();
    const depts = await call(base, 'school_department_list', { token, query: {} });
    const classes = depts.json!.departments!.filter((d) => d.type === 1);
    expect(classes.length).toBe(4);
    const cls = classes[0]!.id!;
    const students = await call(base, 'school_user_list', { token, query: { department_id: cls } });
    expect(students.json!.students!.length).toBe(4);
    const parents = await call(base, 'school_user_list_parent', { token, query: { department_id: cls } });
    const first = students.json!.students![0]!;
    const p = parents.json!.parents!.find((x) => x.parent_userid === first.parents![0]!.parent_userid)!;
    expect(p.children).toContainEqual(expect.objectContaining({ student_userid: first.student_userid, name: first.name }));
    const grade = depts.json!.departments!.find((d) => d.type === 2)!.id!;
    expect((await call(base, 'school_user_list', { token, query: { department_id: grade, fetch_child: 1 } })).json!.students!.length).toBe(8);
    expect((await call(base, 'school_user_list', { token, query: { department_id: 999 } })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
  });

  it('When students and parents are created, renamed and deleted, then the lists follow and taken ids or unknown children are refused', async () => {
    const { token } = await schoolCorp();
    const cls = (await call(base, 'school_department_list', { token, query: {} })).json!.departments!.find((d) => d.type === 1)!.id!;
    expect((await call(base, 'school_user_create_student', { token, body: { student_userid: 'kid1', name: '小王', department: [cls] } })).errmsg).toBe('created');
    expect((await call(base, 'school_user_create_student', { token, body: { student_userid: 'kid1', name: '小王', department: [cls] } })).errcode).toBe(code('USERID_EXISTED'));
    expect((await call(base, 'school_user_create_parent', { token, body: { parent_userid: 'kid1_dad', mobile: '13800000001', children: [{ student_userid: 'kid1', relation: '爸爸' }] } })).errcode).toBe(0);
    expect((await call(base, 'school_user_create_parent', { token, body: { parent_userid: 'p2', mobile: '13800000001', children: [] } })).errcode).toBe(code('PARENT_MOBILE_EXISTED'));
    expect((await call(base, 'school_user_create_parent', { token, body: { parent_userid: 'p3', mobile: '13800000009', children: [{ student_userid: 'ghost', relation: '妈妈' }] } })).errcode).toBe(code('SCHOOL_USERID_NOT_STUDENT'));
    expect((await call(base, 'school_user_update_student', { token, body: { student_userid: 'kid1', new_student_userid: 'kid1_new' } })).errmsg).toBe('updated');
    const listed = await call(base, 'school_user_list', { token, query: { department_id: cls } });
    const kid = listed.json!.students!.find((s) => s.student_userid === 'kid1_new')!;
    expect(kid.parents).toEqual([expect.objectContaining({ parent_userid: 'kid1_dad', relation: '爸爸', is_subscribe: 0 })]);
    expect((await call(base, 'school_user_delete_student', { token, query: { userid: 'kid1_new' } })).errmsg).toBe('deleted');
    expect((await call(base, 'school_user_delete_student', { token, query: { userid: 'kid1_new' } })).errcode).toBe(code('USERID_NOT_FOUND'));
    expect((await call(base, 'school_user_delete_parent', { token, query: { userid: 'kid1_dad' } })).errcode).toBe(0);
  });

  it('When a batch mixes good and bad rows, then the good ones apply and result_list names only the bad ones; over 100 rows is refused whole', async () => {
    const { token } = await schoolCorp();
    const cls = (await call(base, 'school_department_list', { token, query: {} })).json!.departments!.find((d) => d.type === 1)!.id!;
    const res = await call(base, 'school_user_batch_create_student', {
      token,
      body: { students: [{ student_userid: 'b1', name: '甲', department: [cls] }, { student_userid: 'student1', name: '乙', department: [cls] }, { student_userid: 'b3', name: '丙', department: [9999] }] },
    });
    expect(res.errcode).toBe(0);
    expect(res.json!.result_list!.map((r) => [r.student_userid, r.errcode])).toEqual([['student1', code('USERID_EXISTED')], ['b3', code('DEPARTMENT_NOT_FOUND')]]);
    const del = await call(base, 'school_user_batch_delete_student', { token, body: { useridlist: ['b1', 'nobody'] } });
    expect(del.json!.result_list).toEqual([expect.objectContaining({ student_userid: 'nobody', errcode: code('USERID_NOT_FOUND') })]);
    const tooMany = Array.from({ length: 101 }, (_, i) => `x${i}`);
    expect((await call(base, 'school_user_batch_delete_parent', { token, body: { useridlist: tooMany } })).errcode).not.toBe(0);
    const pres = await call(base, 'school_user_batch_create_parent', { token, body: { parents: [{ parent_userid: 'pp1', mobile: '13900000001', children: [{ student_userid: 'student1', relation: '妈妈' }] }] } });
    expect(pres.json!.result_list).toEqual([]);
    const upd = await call(base, 'school_user_batch_update_parent', { token, body: { parents: [{ parent_userid: 'pp1', new_parent_userid: 'pp1_new' }, { parent_userid: 'ghost' }] } });
    expect(upd.json!.result_list).toEqual([expect.objectContaining({ parent_userid: 'ghost', errcode: code('USERID_NOT_FOUND') })]);
  });

  it('When a class is renamed, re-numbered and given a teacher, then the department list shows it and bad admin types get 65006', async () => {
    const { corp, token } = await schoolCorp();
    const appToken = await getToken(base, corp.corpid, corp.appSecret);
    const teacher = (await call(base, 'user_simplelist', { token: appToken, query: { department_id: 1, fetch_child: 1 } })).json!.userlist![0]!.userid!;
    const cls = (await call(base, 'school_department_list', { token, query: {} })).json!.departments!.find((d) => d.type === 1)!;
    const up = await call(base, 'school_department_update', { token, body: { id: cls.id!, new_id: 100, name: '一年级三班', department_admins: [{ op: 0, userid: teacher, type: 4, subject: '数学' }] } });
    expect(up.errmsg).toBe('updated');
    const after = await call(base, 'school_department_list', { token, query: { id: 100 } });
    expect(after.json!.departments![0]).toMatchObject({ id: 100, name: '一年级三班' });
    expect(after.json!.departments![0]!.department_admins).toContainEqual({ userid: teacher, type: 4, subject: '数学' });
    expect((await call(base, 'school_user_list', { token, query: { department_id: 100 } })).json!.students!.length).toBe(4);
    expect((await call(base, 'school_department_update', { token, body: { id: 100, department_admins: [{ op: 0, userid: teacher, type: 9 }] } })).errcode).toBe(code('SCHOOL_INVALID_ADMIN_TYPE'));
  });

  it('When modes, scope, living and payment are read, then they answer the demo school and bad values get their errcodes', async () => {
    const { corp, token } = await schoolCorp();
    expect((await call(base, 'school_set_arch_sync_mode', { token, body: { arch_sync_mode: 3 } })).errcode).toBe(code('SCHOOL_INVALID_SYNC_MODE'));
    expect((await call(base, 'school_set_arch_sync_mode', { token, body: { arch_sync_mode: 2 } })).errcode).toBe(0);
    const when = Math.floor(Date.now() / 1000) + 86400 * 30;
    expect((await call(base, 'school_set_upgrade_info', { token, body: { upgrade_time: when, upgrade_switch: 1 } })).json!.next_upgrade_time).toBe(when);
    expect((await call(base, 'school_set_upgrade_info', { token, body: { upgrade_time: 1000 } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(base, 'school_get_chat_create_mode', { token })).json!.create_mode).toBe(0);
    const scope = await call(base, 'school_agent_get_allow_scope', { token, query: { agentid: corp.agentid } });
    expect(scope.json!.allow_scope!.departments!.partyid!.length).toBe(4);
    // A token of an app not made callable for the area is refused.
    const strange = await call(base, 'school_get_chat_create_mode', { token: await getToken(base, corp.corpid, corp.contactsSecret!) });
    expect(strange.errcode).toBe(code('API_FORBIDDEN'));
    expect((await call(base, 'school_get_payment_result', { token, body: { payment_id: 'nope' } })).errcode).toBe(code('PAYMENT_ID_NOT_FROM_APP'));
    expect((await call(base, 'school_living_get_living_info', { token, query: { livingid: 'nope' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When the demo living and payment are read, then watchers and non-watchers split the class and paid trades read back', async () => {
    const { corp, token } = await schoolCorp();
    const ids = await target.admin<{ livingids: string[]; payment_ids: string[]; arch_sync_mode: number }>('GET', `/__mock/school?corpid=${corp.corpid}`);
    const livingid = ids.json.livingids[0]!;
    const info = await call(base, 'school_living_get_living_info', { token, query: { livingid } });
    const cls = info.json!.living_info!.living_range!.partyids![0]!;
    const inClass = (await call(base, 'school_user_list', { token, query: { department_id: cls } })).json!.students!.map((s) => s.student_userid);
    const watched = await call(base, 'school_living_get_watch_stat', { token, body: { livingid } });
    const unwatched = await call(base, 'school_living_get_unwatch_stat_v2', { token, body: { livingid } });
    const w = watched.json!.stat_infoes!.students!.map((s) => s.student_userid);
    const u = unwatched.json!.stat_info!.students!.map((s) => s.student_userid);
    expect([...w, ...u].sort()).toEqual([...inClass].sort());
    expect(watched.json).toMatchObject({ ending: 1, next_key: '' });
    const v2 = await call(base, 'school_living_get_watch_stat_v2', { token, body: { livingid } });
    expect(v2.json!.stat_info!.students!.map((s) => s.student_userid)).toEqual(w);
    expect((await call(base, 'school_living_get_watch_stat_v2', { token, body: { livingid, next_cursor: 'made-up-cursor' } })).errcode).toBe(code('INVALID_PARAMETER'));
    const pay = await call(base, 'school_get_payment_result', { token, body: { payment_id: ids.json.payment_ids[0]! } });
    const paid = pay.json!.payment_result!.find((t) => t.trade_state === 1)!;
    const trade = await call(base, 'school_get_trade', { token, body: { payment_id: ids.json.payment_ids[0]!, trade_no: paid.trade_no! } });
    expect(trade.json!.pay_time).toBeGreaterThan(0);
    expect((await call(base, 'school_get_trade', { token, body: { payment_id: ids.json.payment_ids[0]!, trade_no: 'nope' } })).errcode).toBe(code('INVALID_TRADE_NO'));
    await call(base, 'school_set_arch_sync_mode', { token, body: { arch_sync_mode: 2 } });
    expect((await target.admin<{ arch_sync_mode: number }>('GET', `/__mock/school?corpid=${corp.corpid}`)).json.arch_sync_mode).toBe(2);
  });

  it('When a parent signs in on a 家校 page, then getuserinfo answers the parent once', async () => {
    const { corp, token } = await schoolCorp();
    const cls = (await call(base, 'school_department_list', { token, query: {} })).json!.departments!.find((d) => d.type === 1)!.id!;
    const parent = (await call(base, 'school_user_list_parent', { token, query: { department_id: cls } })).json!.parents![0]!.parent_userid!;
    const issued = await target.admin<{ code: string }>('POST', '/__mock/school/codes', { corpid: corp.corpid, parent_userid: parent });
    expect(issued.status).toBe(201);
    expect((await call(base, 'school_getuserinfo', { token, query: { code: issued.json.code } })).json!.parent_userid).toBe(parent);
    expect((await call(base, 'school_getuserinfo', { token, query: { code: issued.json.code } })).errcode).toBe(code('INVALID_OAUTH_CODE'));
  });
});
