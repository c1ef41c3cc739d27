/**
 * 家校沟通 of one corp: the school's departments (the school, its grades and classes), students, parents and
 * their children, the apps' allow scopes, the architecture sync and grade upgrade settings, 家校直播 sessions
 * with who watched, and 班级收款 projects with their trades. Demo corps get a small school: two grades of two
 * classes, a few students per class with one or two parents, one living and one payment project.
 */
import type { Rng } from '../../core/runtime/rng.js';
import { userKey } from '../contacts/index.js';
import { chinaDate, parseChinaDate } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** 1 班级 (class), 2 年级 (grade), 3 学段, 4 校区 (the root). */
export type DeptType = 1 | 2 | 3 | 4;

export interface DeptAdmin {
  userid: string;
  /** 1 年级主任/学段负责人, 2 年级/学段管理员, 3 班主任, 4 任课老师. */
  type: 1 | 2 | 3 | 4;
  subject?: string;
}

export interface SchoolDept {
  id: number;
  name: string;
  parentid: number;
  type: DeptType;
  order: number;
  register_year?: number;
  standard_grade?: number;
  is_graduated?: 0 | 1;
  open_group_chat?: 0 | 1;
  group_chat_id?: string;
  admins: DeptAdmin[];
}

export interface Student {
  student_userid: string;
  name: string;
  mobile: string;
  department: number[];
}

export interface Child {
  student_userid: string;
  relation: string;
}

export interface Parent {
  parent_userid: string;
  mobile: string;
  /** 1 when the parent follows the school in WeChat (then it has an external_userid). */
  is_subscribe: 0 | 1;
  external_userid: string;
  children: Child[];
}

export interface Viewer {
  student_userid: string;
  parent_userid: string;
  partyids: number[];
  watch_time: number;
  enter_time: number;
  leave_time: number;
  is_comment: 0 | 1;
}

export interface Living {
  livingid: string;
  theme: string;
  living_start: number;
  living_duration: number;
  anchor_userid: string;
  partyids: number[];
  group_names: string[];
  comment_num: number;
  open_replay: 0 | 1;
  push_stream_url: string;
  subscribe_count: number;
  watched: Viewer[];
  visitors: Array<{ nickname: string; watch_time: number; enter_time: number; leave_time: number; is_comment: 0 | 1 }>;
}

export interface Trade {
  student_userid: string;
  /** 1 paid, 2 unpaid, 3 refunded. */
  trade_state: 1 | 2 | 3;
  trade_no: string;
  payer_parent_userid: string;
  transaction_id: string;
  pay_time: number;
}

export interface Payment {
  payment_id: string;
  project_name: string;
  amount: number;
  trades: Trade[];
}

export class SchoolState {
  readonly departments = new Map<number, SchoolDept>();
  /** By lower-cased userid. */
  readonly students = new Map<string, Student>();
  readonly parents = new Map<string, Parent>();
  /** agentid → its allow scope; an app not listed reaches every class. */
  readonly allowScope = new Map<number, { students: string[]; partyids: number[] }>();
  arch_sync_mode: 1 | 2 = 1;
  upgrade_switch: 1 | 2 = 1;
  /** The next yearly upgrade (Unix seconds). */
  upgrade_time = 0;
  create_mode: 0 | 1 = 0;
  readonly livings = new Map<string, Living>();
  readonly payments = new Map<string, Payment>();
  /** 家校 sign-in codes → parent (school/getuserinfo), one use each. */
  readonly codes = new Map<string, { parent_userid: string; expiresAtMs: number }>();

  student(userid: string): Student | undefined {
    return this.students.get(userKey(userid));
  }

  parent(userid: string): Parent | undefined {
    return this.parents.get(userKey(userid));
  }

  /** A department and everything under it. */
  subtree(id: number): number[] {
    const out: number[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const d = stack.pop()!;
      if (!this.departments.has(d)) continue;
      out.push(d);
      for (const c of this.departments.values()) if (c.parentid === d && c.id !== d) stack.push(c.id);
    }
    return out;
  }

  classIds(): number[] {
    return [...this.departments.values()].filter((d) => d.type === 1).map((d) => d.id);
  }
}

const SURNAMES = ['张', '李', '王', '赵', '陈', '刘', '杨', '黄'];
const GIVEN = ['小明', '小红', '子涵', '浩然', '雨桐', '梓轩', '欣怡', '宇航'];
const RELATIONS = ['爸爸', '妈妈', '爷爷', '奶奶'];

/** September 1st (China time) of the year after `nowSec`'s, as the default next upgrade. */
function nextSeptember(nowSec: number): number {
  const [y, m] = chinaDate(nowSec).split('-').map(Number) as [number, number];
  return parseChinaDate(`${m >= 9 ? y + 1 : y}-09-01`)!;
}

export function seedSchool(rng: Rng, schoolName: string, teachers: string[], nowSec: number, demo: boolean): SchoolState {
  const s = new SchoolState();
  s.upgrade_time = nextSeptember(nowSec);
  if (!demo) return s;
  const year = Number(chinaDate(nowSec).slice(0, 4));
  s.departments.set(1, { id: 1, name: schoolName, parentid: 0, type: 4, order: 1, admins: [] });
  let id = 2;
  const classes: SchoolDept[] = [];
  for (const [g, gname] of ['一年级', '二年级'].entries()) {
    const grade: SchoolDept = { id: id++, name: gname, parentid: 1, type: 2, order: g + 1, register_year: year - g, standard_grade: g + 1, is_graduated: 0, admins: teachers[0] ? [{ userid: teachers[0], type: 1 }] : [] };
    s.departments.set(grade.id, grade);
    for (const [c, cname] of ['一班', '二班'].entries()) {
      const t = teachers[(g * 2 + c + 1) % Math.max(1, teachers.length)];
      const cls: SchoolDept = {
        id: id++,
        name: `${gname}${cname}`,
        parentid: grade.id,
        type: 1,
        order: c + 1,
        admins: t ? [{ userid: t, type: 3, subject: rng.pick(['语文', '数学', '英语']) }] : [],
        open_group_chat: 1,
        group_chat_id: `wr${rng.hex(16)}`,
      };
      s.departments.set(cls.id, cls);
      classes.push(cls);
    }
  }
  let n = 0;
  for (const cls of classes) {
    for (let i = 0; i < 4; i++) {
      n++;
      const st: Student = { student_userid: `student${n}`, name: rng.pick(SURNAMES) + rng.pick(GIVEN), mobile: '', department: [cls.id] };
      s.students.set(userKey(st.student_userid), st);
      const parents = rng.chance(0.5) ? 2 : 1;
      for (let p = 0; p < parents; p++) {
        const sub = rng.chance(0.7) ? 1 : 0;
        const pa: Parent = {
          parent_userid: `${st.student_userid}_parent${p + 1}`,
          mobile: `139${rng.digits(8)}`,
          is_subscribe: sub,
          external_userid: sub ? `wm${rng.string(30)}` : '',
          children: [{ student_userid: st.student_userid, relation: RELATIONS[p]! }],
        };
        s.parents.set(userKey(pa.parent_userid), pa);
      }
    }
  }
  const students = [...s.students.values()];
  const start = nowSec - 2 * 86400;
  const cls = classes[0]!;
  const inClass = students.filter((st) => st.department.includes(cls.id));
  const watched = inClass.slice(0, 2).map((st) => {
    const enter = start + rng.int(300);
    const watch = 600 + rng.int(1200);
    return { student_userid: st.student_userid, parent_userid: `${st.student_userid}_parent1`, partyids: [cls.id], watch_time: watch, enter_time: enter, leave_time: enter + watch, is_comment: rng.chance(0.5) ? 1 : 0 } as Viewer;
  });
  const living: Living = {
    livingid: `lv${rng.hex(24)}`,
    theme: '直角三角形讲解',
    living_start: start,
    living_duration: 1800,
    anchor_userid: cls.admins[0]?.userid ?? '',
    partyids: [cls.id],
    group_names: [],
    comment_num: watched.filter((w) => w.is_comment).length,
    open_replay: 1,
    push_stream_url: '',
    subscribe_count: inClass.length,
    watched,
    visitors: [{ nickname: '访客', watch_time: 120, enter_time: start + 60, leave_time: start + 180, is_comment: 0 }],
  };
  s.livings.set(living.livingid, living);
  const payment: Payment = {
    payment_id: `pay${rng.hex(16)}`,
    project_name: '学费',
    amount: 99800,
    trades: inClass.map((st, i) => ({
      student_userid: st.student_userid,
      trade_state: i < 3 ? 1 : 2,
      trade_no: i < 3 ? `T${rng.digits(20)}` : '',
      payer_parent_userid: i < 3 ? `${st.student_userid}_parent1` : '',
      transaction_id: i < 3 ? `42${rng.digits(26)}` : '',
      pay_time: i < 3 ? start + i * 3600 : 0,
    })),
  };
  s.payments.set(payment.payment_id, payment);
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(SchoolState);
