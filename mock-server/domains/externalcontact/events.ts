/**
 * The callback events of customer contact (doc path/92130), by WeCom's XML element names. Schemas:
 * spec/webhooks/externalcontact/*. The callbacks domain routes change_external_* to the 客户联系 callback and apps.
 */
export type ContactChange = 'add_external_contact' | 'add_half_external_contact' | 'edit_external_contact' | 'del_external_contact' | 'del_follow_user';

export function contactEvent(
  change: ContactChange,
  userid: string,
  externalUserid: string,
  extra: { State?: string; WelcomeCode?: string } = {},
): Record<string, unknown> {
  const e: Record<string, unknown> = { Event: 'change_external_contact', ChangeType: change, UserID: userid, ExternalUserID: externalUserid };
  if (change === 'add_external_contact' || change === 'add_half_external_contact') {
    e['State'] = extra.State ?? '';
    if (extra.WelcomeCode !== undefined) e['WelcomeCode'] = extra.WelcomeCode;
  }
  return e;
}

export type ChatDetail = 'add_member' | 'del_member' | 'change_owner' | 'change_name' | 'change_notice';

export function chatEvent(chatId: string, change: 'create' | 'update' | 'dismiss', detail?: { UpdateDetail: ChatDetail; JoinScene?: number; QuitScene?: number; MemChangeCnt?: number }): Record<string, unknown> {
  return { Event: 'change_external_chat', ChatId: chatId, ChangeType: change, ...detail };
}

export function tagEvent(id: string, tagType: 'tag' | 'tag_group', change: 'create' | 'update' | 'delete' | 'shuffle'): Record<string, unknown> {
  // shuffle (a group's tags reordered) carries no TagType (push/ChangeExternalTagShuffle.xml).
  if (change === 'shuffle') return { Event: 'change_external_tag', Id: id, ChangeType: change };
  return { Event: 'change_external_tag', Id: id, TagType: tagType, ChangeType: change };
}
