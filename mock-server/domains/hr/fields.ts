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

/** A roster field: a system field (field_type 1) that is not required unless `more` says otherwise. */
const field = (fieldid: number, field_name: string, value_type: ValueType, more: Partial<FieldDef> = {}): FieldDef => ({ fieldid, field_name, field_type: 1, value_type, is_must: false, ...more });

/** The options of a value_type 3 field, numbered from 1 in order. */
const options = (...values: string[]): FieldDef['options'] => values.map((value, i) => ({ id: i + 1, value }));

export const GROUPS: readonly GroupDef[] = [
  {
    group_id: 1001,
    group_name: '个人信息',
    fields: [
      field(11001, '姓名', 1, { is_must: true, fromContacts: 'name' }),
      field(11003, '手机', 5, { fromContacts: 'mobile' }),
      field(11004, '性别', 3, { fromContacts: 'gender', options: options('男', '女') }),
      field(11020, '身份证号', 1),
      field(11030, '出生日期', 4),
    ],
  },
  {
    group_id: 1002,
    group_name: '在职信息',
    fields: [
      field(12010, '职位', 3, { options: options('总经理', '秘书', '工程师', '销售') }),
      field(12024, '工号', 1, { is_must: true }),
      field(12030, '入职时间', 4),
      field(12040, '年假天数', 2, { field_type: 2 }),
    ],
  },
  {
    group_id: 1003,
    group_name: '教育经历',
    group_type: 1,
    fields: [field(13001, '学校', 1), field(13002, '学历', 3, { options: options('本科', '硕士', '博士') })],
  },
  {
    group_id: 1007,
    group_name: '紧急联系人',
    group_type: 4,
    fields: [
      field(17001, '联系人姓名', 1),
      field(17002, '关系', 3, { options: options('父母', '配偶', '朋友') }),
      field(17003, '联系电话', 5),
      field(17004, '联系地址', 1),
    ],
  },
  {
    group_id: 1009,
    group_name: '附件',
    fields: [field(19001, '证件照片', 6)],
  },
];

export const FIELDS = new Map<number, { field: FieldDef; group: GroupDef }>(GROUPS.flatMap((g) => g.fields.map((f) => [f.fieldid, { field: f, group: g }] as const)));
export const REPEATING = new Map<number, GroupDef>(GROUPS.filter((g) => g.group_type !== undefined).map((g) => [g.group_type!, g]));
