import { describe, expect, it } from 'vitest';
import { ERRCODES } from '../../../spec/generated/errcodes.js';
import { WeComError } from '../../core/errors/index.js';
import { checkDeleteProtection, memberInput, partyRow, readMemberFile, readPartyFile, rowUserid } from './rules.js';

const codeOf = (f: () => unknown): number | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof WeComError ? e.errcode : NaN;
  }
};

describe('readMemberFile', () => {
  it('maps the template header, ignores unknown columns and requires 帐号', () => {
    const file = readMemberFile(Buffer.from('姓名,帐号*,手机号,所在部门,性别,是否部门内领导,排序,禁用,禁用项说明：(0-启用;1-禁用),扩展\n张三,zhangsan,138,1;2,男,1;0,10;20,1,,x\n'));
    const row = file.rows[0]!;
    expect(rowUserid(file, row)).toBe('zhangsan');
    expect(memberInput(file, row)).toEqual({
      userid: 'zhangsan',
      name: '张三',
      mobile: '138',
      department: [1, 2],
      order: [10, 20],
      is_leader_in_dept: [1, 0],
      gender: '1',
      enable: 0,
    });
    expect(codeOf(() => readMemberFile(Buffer.from('姓名,手机号\n张三,138\n')))).toBe(ERRCODES.INVALID_IMPORT_FILE_CONTENT);
    expect(codeOf(() => readMemberFile(Buffer.from('姓名,帐号\n')))).toBe(ERRCODES.INVALID_IMPORT_FILE_CONTENT);
  });

  it('leaves empty cells out and refuses malformed ones with the field\'s code', () => {
    const file = readMemberFile(Buffer.from('帐号,姓名,所在部门,性别\nzs,,,\nzs,,x,\nzs,,,未知\n'));
    expect(memberInput(file, file.rows[0]!)).toEqual({ userid: 'zs' });
    expect(codeOf(() => memberInput(file, file.rows[1]!))).toBe(ERRCODES.INVALID_DEPARTMENT_ID);
    expect(codeOf(() => memberInput(file, file.rows[2]!))).toBe(ERRCODES.INVALID_PARAMETER);
  });
});

describe('readPartyFile', () => {
  it('reads id, parent and order; 排序 0 or empty keeps the order', () => {
    const file = readPartyFile(Buffer.from('部门名称,部门ID,父部门ID,排序\n研发,2,1,0\n测试,3,2,7\n坏,x,1,\n无父,4,,\n'));
    expect(partyRow(file, file.rows[0]!)).toEqual({ id: 2, input: { id: 2, name: '研发', parentid: 1 }, error: undefined });
    expect(partyRow(file, file.rows[1]!).input).toEqual({ id: 3, name: '测试', parentid: 2, order: 7 });
    expect(partyRow(file, file.rows[2]!).error?.errcode).toBe(ERRCODES.INVALID_DEPARTMENT_ID);
    expect(partyRow(file, file.rows[3]!).error?.errcode).toBe(ERRCODES.INVALID_PARENT_DEPARTMENT_ID);
  });
});

describe('checkDeleteProtection', () => {
  it('refuses more than 50 deletions over 20% and fewer than 50 over 80%', () => {
    const refused = (d: number, m: number): boolean => codeOf(() => checkDeleteProtection(d, m)) === ERRCODES.DELETE_PROTECTION_TRIGGERED;
    expect(refused(51, 1000)).toBe(false);
    expect(refused(201, 1000)).toBe(true);
    expect(refused(60, 100)).toBe(true);
    expect(refused(40, 50)).toBe(false);
    expect(refused(41, 50)).toBe(true);
    expect(refused(50, 50)).toBe(false);
    expect(refused(0, 0)).toBe(false);
  });
});
