/** Checks of department fields (department/create, department/update, batch rows; developer.work.weixin.qq.com/document/path/90205). */
import { err, invalidParameter } from '../../../core/errors/index.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { charLength, isStr, wrongType } from '../rules.js';

/** Characters WeCom refuses in department names (60009, doc path/90205). */
const DEPARTMENT_NAME_FORBIDDEN = /[\\:*?"<>|]/;

const B = LIMITS.bound;

/** A department name: 1–32 characters (60001) without \:*?"<>| (60009) (doc path/90205). */
export function checkDepartmentName(v: unknown, field = 'name'): string {
  if (!isStr(v)) wrongType(field, 'string');
  const n = charLength(v);
  if (field === 'name' && (v.trim().length === 0 || n > B.department_name_length.max)) throw err('INVALID_DEPARTMENT_NAME_LENGTH');
  if (field !== 'name' && n > B.department_name_length.max) throw invalidParameter(`${field} exceed max length ${B.department_name_length.max}`);
  if (DEPARTMENT_NAME_FORBIDDEN.test(v)) throw err('DEPARTMENT_NAME_ILLEGAL_CHARS');
  return v;
}

/** order of a department: [0, 2^32) (doc path/90205). */
export function checkDepartmentOrder(v: unknown): number {
  if (!Number.isInteger(v)) wrongType('order', 'integer');
  const n = v as number;
  if (n < 0 || n > 0xffffffff) throw invalidParameter('order invalid value');
  return n;
}
