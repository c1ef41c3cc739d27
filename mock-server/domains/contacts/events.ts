/**
 * The change_contact events the directory emits (doc path/90240; element names and casing as in
 * wenerme/go-wecom wecom/testdata/push/ChangeContact*.xml). Events carry WeCom's XML element names without the
 * envelope header (ToUserName, FromUserName, CreateTime, MsgType): the callbacks domain adds it.
 * Lists are comma-joined strings ("1,2,3"), as in the XML.
 */
import type {
  ChangeContactCreateParty,
  ChangeContactCreateUser,
  ChangeContactDeleteParty,
  ChangeContactDeleteUser,
  ChangeContactUpdateParty,
  ChangeContactUpdateTag,
  ChangeContactUpdateUser,
} from '../../../spec/generated/events.js';
import type { Department, Member } from './state.js';

export type ContactsEvent =
  | ChangeContactCreateUser
  | ChangeContactUpdateUser
  | ChangeContactDeleteUser
  | ChangeContactCreateParty
  | ChangeContactUpdateParty
  | ChangeContactDeleteParty
  | ChangeContactUpdateTag;

/** Where a write puts its events (ctx.emit in handlers; batch jobs pass their own). */
export type Emit = (event: ContactsEvent) => void;

type ExtAttrItem = NonNullable<ChangeContactCreateUser['ExtAttr']>['Item'][number];

function extAttrItems(m: Member): ExtAttrItem[] {
  return m.extattr.attrs.map((a) => {
    const item: ExtAttrItem = { Name: a.name, Type: a.type };
    if (a.type === 0) item.Text = { Value: a.text?.value ?? '' };
    else if (a.type === 1) item.Web = { Title: a.web?.title ?? '', Url: a.web?.url ?? '' };
    return item;
  });
}

/** The member fields of create_user / update_user, element name → value (doc path/90240). */
function memberFields(m: Member): Omit<ChangeContactCreateUser, 'Event' | 'ChangeType' | 'UserID' | 'Name' | 'Department'> & {
  Name: string;
  Department: string;
} {
  return {
    Name: m.name,
    Department: m.department.join(','),
    MainDepartment: m.main_department,
    IsLeaderInDept: m.is_leader_in_dept.join(','),
    DirectLeader: m.direct_leader.join(','),
    Position: m.position,
    Mobile: m.mobile,
    Gender: Number(m.gender) as 1 | 2,
    Email: m.email,
    BizMail: m.biz_mail,
    Status: m.status,
    Avatar: m.avatar,
    Alias: m.alias,
    Telephone: m.telephone,
    Address: m.address,
    ExtAttr: { Item: extAttrItems(m) },
  };
}

/** create_user: every field the member has (empty text fields are left out). */
export function createUserEvent(m: Member): ChangeContactCreateUser {
  const fields = memberFields(m) as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) if (v === '') delete fields[k];
  if (m.gender === '0') delete fields['Gender'];
  if (m.extattr.attrs.length === 0) delete fields['ExtAttr'];
  return { Event: 'change_contact', ChangeType: 'create_user', UserID: m.userid, ...(fields as ReturnType<typeof memberFields>) };
}

/**
 * update_user: only the fields that changed, plus NewUserID when the userid changed (doc path/90240).
 * Undefined when nothing a callback reports changed.
 */
export function updateUserEvent(before: Member, after: Member): ChangeContactUpdateUser | undefined {
  const a = memberFields(before) as Record<string, unknown>;
  const b = memberFields(after) as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const k of Object.keys(b)) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) changed[k] = b[k];
  const renamed = before.userid !== after.userid;
  if (!renamed && Object.keys(changed).length === 0) return undefined;
  return {
    Event: 'change_contact',
    ChangeType: 'update_user',
    UserID: before.userid,
    ...(renamed && { NewUserID: after.userid }),
    ...changed,
  };
}

export function deleteUserEvent(m: Member): ChangeContactDeleteUser {
  return { Event: 'change_contact', ChangeType: 'delete_user', UserID: m.userid };
}

export function createPartyEvent(d: Department): ChangeContactCreateParty {
  return { Event: 'change_contact', ChangeType: 'create_party', Id: d.id, Name: d.name, ParentId: d.parentid, Order: d.order };
}

/**
 * update_party: Name only when the name changed, ParentId only when the parent changed (doc path/90240);
 * undefined when neither did (an order-only change is not pushed).
 */
export function updatePartyEvent(before: Department, after: Department): ChangeContactUpdateParty | undefined {
  const nameChanged = before.name !== after.name;
  const parentChanged = before.parentid !== after.parentid;
  if (!nameChanged && !parentChanged) return undefined;
  return {
    Event: 'change_contact',
    ChangeType: 'update_party',
    Id: after.id,
    ...(nameChanged && { Name: after.name }),
    ...(parentChanged && { ParentId: after.parentid }),
  };
}

export function deletePartyEvent(id: number): ChangeContactDeleteParty {
  return { Event: 'change_contact', ChangeType: 'delete_party', Id: id };
}

/** update_tag: the members and departments that actually joined or left the tag (doc path/90240). */
export function updateTagEvent(
  tagid: number,
  change: { addUsers?: string[]; delUsers?: string[]; addParties?: number[]; delParties?: number[] },
): ChangeContactUpdateTag | undefined {
  const e: ChangeContactUpdateTag = { Event: 'change_contact', ChangeType: 'update_tag', TagId: tagid };
  if (change.addUsers?.length) e.AddUserItems = change.addUsers.join(',');
  if (change.delUsers?.length) e.DelUserItems = change.delUsers.join(',');
  if (change.addParties?.length) e.AddPartyItems = change.addParties.join(',');
  if (change.delParties?.length) e.DelPartyItems = change.delParties.join(',');
  return Object.keys(e).length > 3 ? e : undefined;
}
