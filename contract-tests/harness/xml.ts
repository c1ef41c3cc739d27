/**
 * The harness's own reader of callback plaintext XML (independent of the mock's parser, so a fault in the
 * mock's writer cannot be hidden by the same fault in its reader). WeCom's callback XML is elements only:
 * `<xml><Name><![CDATA[text]]></Name><Count>1</Count><List><Item>…</Item><Item>…</Item></List></xml>` —
 * no attributes, DTDs or entities beyond the five predefined ones.
 */

export type XmlJson = string | XmlObject;
export interface XmlObject {
  [name: string]: XmlJson | XmlJson[];
}

const TOKEN = /<!\[CDATA\[([\s\S]*?)\]\]>|<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)\s*(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|([^<]+)/g;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };

interface Frame {
  name: string;
  text: string;
  children: Array<[string, XmlJson]>;
}

/**
 * The root element as JSON: a leaf becomes its text (CDATA or plain, surrounding whitespace of plain text
 * dropped), an element with children an object, repeated children an array in document order.
 */
export function readCallbackXml(xml: string): XmlObject {
  const stack: Frame[] = [];
  let root: XmlJson | undefined;
  for (const m of xml.matchAll(TOKEN)) {
    const [, cdata, close, open, selfClose, text] = m;
    const top = stack.at(-1);
    if (cdata !== undefined) {
      if (!top) throw new Error('CDATA outside the root element');
      top.text += cdata;
    } else if (open !== undefined) {
      const frame: Frame = { name: open, text: '', children: [] };
      if (selfClose) finish(frame);
      else stack.push(frame);
    } else if (close !== undefined) {
      const frame = stack.pop();
      if (!frame || frame.name !== close) throw new Error(`unexpected </${close}>`);
      finish(frame);
    } else if (text !== undefined && top) {
      if (text.includes('&') && /&(?!lt;|gt;|amp;|quot;|apos;)/.test(text)) throw new Error(`unknown entity in ${JSON.stringify(text)}`);
      top.text += text.trim() === '' ? '' : text.trim().replace(/&(lt|gt|amp|quot|apos);/g, (e) => ENTITIES[e]!);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is not closed`);
  if (root === undefined || typeof root === 'string') throw new Error('no root element with children');
  return root;

  function finish(frame: Frame): void {
    let value: XmlJson;
    if (frame.children.length === 0) value = frame.text;
    else {
      const obj: XmlObject = {};
      for (const [k, v] of frame.children) {
        const prev = obj[k];
        if (prev === undefined) obj[k] = v;
        else if (Array.isArray(prev)) prev.push(v);
        else obj[k] = [prev, v];
      }
      value = obj;
    }
    const parent = stack.at(-1);
    if (parent) parent.children.push([frame.name, value]);
    else root = value;
  }
}
