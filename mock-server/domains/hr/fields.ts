/**
 * The staff roster (花名册) field catalogue the mock answers in hr/get_fields (doc path/99131). value_type:
 * 1 text, 2 uint64, 3 option id (uint32), 4 int64, 5 mobile, 6 files. Repeating groups are addressed by
 * `group_type` in update_staff_info (doc path/99133); their entries by `sub_idx`.
 */
export type ValueType = 1 | 2 | 3 | 4 | 5 | 6;

export interface FieldDef {
  fieldid: number;
  field_name: string;
  /** 1 system field, 2 custom field. */
  field_type: 1 | 2;
  value_type: ValueType;
  is_must: boolean;
  options?: Array<{ id: number; value: string }>;
  /** Kept in sync with the member's contacts record: read-only here. */
  fromContacts?: 'name' | 'mobile' | 'gender';
}

export interface GroupDef {
  group_id: number;
  group_name: string;
  /** Set for repeating groups (update_staff_info's group_type). */
  group_type?: number;
  fields: FieldDef[];
}

export const GROUPS: readonly GroupDef[] = [
  {
    group_id: 1001,
    group_name: '个人信息',
    fields: [
      { fieldid: 11001, field_name: '姓名', field_type: 1, value_type: 1, is_must: true, fromContacts: 'name' },
      { fieldid: 11003, field_name: '手机', field_type: 1, value_type: 5, is_must: false, fromContacts: 'mobile' },
      { fieldid: 11004, field_name: '性别', field_type: 1, value_type: 3, is_must: false, fromContacts: 'gender', options: [{ id: 1, value: '男' }, { id: 2, value: '女' }] },
      { fieldid: 11020, field_name: '身份证号', field_type: 1, value_type: 1, is_must: false },
      { fieldid: 11030, field_name: '出生日期', field_type: 1, value_type: 4, is_must: false },
    ],
  },
  {
    group_id: 1002,
    group_name: '在职信息',
    fields: [
      { fieldid: 12010, field_name: '职位', field_type: 1, value_type: 3, is_must: false, options: [{ id: 1, value: '总经理' }, { id: 2, value: '秘书' }, { id: 3, value: '工程师' }, { id: 4, value: '销售' }] },
      { fieldid: 12024, field_name: '工号', field_type: 1, value_type: 1, is_must: true },
      { fieldid: 12030, field_name: '入职时间', field_type: 1, value_type: 4, is_must: false },
      { fieldid: 12040, field_name: '年假天数', field_type: 2, value_type: 2, is_must: false },
    ],
  },
  {
    group_id: 1003,
    group_name: '教育经历',
    group_type: 1,
    fields: [
      { fieldid: 13001, field_name: '学校', field_type: 1, value_type: 1, is_must: false },
      { fieldid: 13002, field_name: '学历', field_type: 1, value_type: 3, is_must: false, options: [{ id: 1, value: '本科' }, { id: 2, value: '硕士' }, { id: 3, value: '博士' }] },
    ],
  },
  {
    group_id: 1007,
    group_name: '紧急联系人',
    group_type: 4,
    fields: [
      { fieldid: 17001, field_name: '联系人姓名', field_type: 1, value_type: 1, is_must: false },
      { fieldid: 17002, field_name: '关系', field_type: 1, value_type: 3, is_must: false, options: [{ id: 1, value: '父母' }, { id: 2, value: '配偶' }, { id: 3, value: '朋友' }] },
      { fieldid: 17003, field_name: '联系电话', field_type: 1, value_type: 5, is_must: false },
      { fieldid: 17004, field_name: '联系地址', field_type: 1, value_type: 1, is_must: false },
    ],
  },
  {
    group_id: 1009,
    group_name: '附件',
    fields: [{ fieldid: 19001, field_name: '证件照片', field_type: 1, value_type: 6, is_must: false }],
  },
];

export const FIELDS = new Map<number, { field: FieldDef; group: GroupDef }>(GROUPS.flatMap((g) => g.fields.map((f) => [f.fieldid, { field: f, group: g }] as const)));
export const REPEATING = new Map<number, GroupDef>(GROUPS.filter((g) => g.group_type !== undefined).map((g) => [g.group_type!, g]));
