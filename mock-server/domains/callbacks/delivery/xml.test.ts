import { describe, expect, it } from 'vitest';
import { EventXmlError, eventTypeOf, renderInfoType, renderPlaintext, xmlToJson } from './xml.js';

const header = { toUserName: 'wwcorp', fromUserName: 'zhangsan', createTime: 1700000000, msgType: 'event', agentId: 1000002 };

describe('renderPlaintext', () => {
  it('writes the header in WeCom order, the fields, then AgentID last', () => {
    const xml = renderPlaintext(header, { Event: 'click', EventKey: 'K', FromUserName: 'ignored', AgentID: 1 });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>' +
        '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>' +
        '<Event><![CDATA[click]]></Event><EventKey><![CDATA[K]]></EventKey><AgentID>1000002</AgentID></xml>',
    );
  });

  it('omits AgentID for system callbacks', () => {
    expect(renderPlaintext({ ...header, agentId: undefined }, { Event: 'change_contact' })).not.toContain('AgentID');
  });

  it('writes MsgId and coordinates bare, numbers bare, strings in CDATA', () => {
    const xml = renderPlaintext({ ...header, msgType: 'location' }, { Location_X: 23.134, Scale: 20, Label: 'x', MsgId: '4561255354251345929' });
    expect(xml).toContain('<Location_X>23.134</Location_X><Scale>20</Scale><Label><![CDATA[x]]></Label><MsgId>4561255354251345929</MsgId>');
  });

  it('keeps text containing "]]>" intact by splitting the CDATA section', () => {
    const xml = renderPlaintext(header, { Content: 'a]]>b' });
    expect(xmlToJson(xml)['Content']).toBe('a]]>b');
  });

  it('writes objects as nested elements and arrays as repeated elements', () => {
    const xml = renderPlaintext(header, { SendPicsInfo: { Count: 2, PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } } });
    expect(xml).toContain('<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList></SendPicsInfo>');
  });

  it('refuses element names that would break the XML', () => {
    expect(() => renderPlaintext(header, { 'a><b': 'x' })).toThrow(EventXmlError);
    expect(() => renderPlaintext(header, { Bad: Number.NaN })).toThrow(EventXmlError);
  });

  it('round-trips through xmlToJson', () => {
    const xml = renderPlaintext(header, { Event: 'template_card_event', SelectedItems: { SelectedItem: [{ QuestionKey: 'q', OptionIds: { OptionId: ['1', '2'] } }] } });
    expect(xmlToJson(xml)).toMatchObject({
      ToUserName: 'wwcorp',
      AgentID: '1000002',
      SelectedItems: { SelectedItem: { QuestionKey: 'q', OptionIds: { OptionId: ['1', '2'] } } },
    });
  });
});

describe('renderInfoType', () => {
  it('writes the third-party header SuiteId, InfoType, TimeStamp (doc path/90628, 90642)', () => {
    expect(renderInfoType('wwsuite', 1403610513, { InfoType: 'suite_ticket', SuiteTicket: 't' })).toBe(
      '<xml><SuiteId><![CDATA[wwsuite]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType><TimeStamp>1403610513</TimeStamp><SuiteTicket><![CDATA[t]]></SuiteTicket></xml>',
    );
  });
});

describe('eventTypeOf', () => {
  it('names messages, events, change events and instructions', () => {
    expect(eventTypeOf({ MsgType: 'text' })).toBe('text');
    expect(eventTypeOf({ Event: 'click' })).toBe('click');
    expect(eventTypeOf({ Event: 'change_contact', ChangeType: 'create_user' })).toBe('change_contact/create_user');
    expect(eventTypeOf({ InfoType: 'suite_ticket' })).toBe('suite_ticket');
  });
});

describe('xmlToJson', () => {
  it('refuses DTDs (entity expansion, XXE)', () => {
    expect(() => xmlToJson('<!DOCTYPE x [<!ENTITY a "b">]><xml><A>&a;</A></xml>')).toThrow(/DOCTYPE/);
  });
});
