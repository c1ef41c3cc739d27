/** wedoc/document/get and batch_update over the document model (doc path/101161, doc path/97626). */
import { err } from '../../../core/errors/index.js';
import { defineRoutes } from '../../types.js';
import { emitDocChange } from '../events.js';
import { badParam, docOf, touch } from '../rules.js';
import { DOC_TYPES } from '../state.js';
import { DocEditError, type TextProps } from './model.js';

/*
 * Most request kinds are declared as open objects in the spec (a fully typed union nests too deep for the
 * generated validator), so their fields are checked here: a wrong shape → 640051 naming the field.
 */
type Loose = Record<string, unknown>;
const isLoose = (v: unknown): v is Loose => v !== null && typeof v === 'object' && !Array.isArray(v);

function intOf(v: unknown, where: string, dflt = 0): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v)) badParam(`${where} must be an integer`);
  return v;
}

function locationOf(op: Loose, where: string): number {
  const loc = op['location'];
  if (loc !== undefined && !isLoose(loc)) badParam(`${where}.location must be an object`);
  return intOf(loc?.['index'], `${where}.location.index`);
}

function rangesOf(v: unknown, where: string): Array<{ start_index: number; length: number }> {
  if (!Array.isArray(v) || v.length === 0) badParam(`${where} must be a non-empty array`);
  return v.map((x, i) => {
    if (!isLoose(x)) badParam(`${where}[${i}] must be an object`);
    return { start_index: intOf(x['start_index'], `${where}[${i}].start_index`), length: intOf(x['length'], `${where}[${i}].length`) };
  });
}

const BOOL_PROPS = ['bold', 'italics', 'underline', 'strike'] as const;
function propsOf(v: unknown, where: string): TextProps {
  if (!isLoose(v)) badParam(`${where} must be an object`);
  const out: TextProps = {};
  for (const k of BOOL_PROPS) {
    if (v[k] === undefined) continue;
    if (typeof v[k] !== 'boolean') badParam(`${where}.${k} must be true or false`);
    out[k] = v[k];
  }
  for (const k of ['color', 'background_color'] as const) {
    if (v[k] === undefined) continue;
    if (typeof v[k] !== 'string' || !/^[0-9A-Fa-f]{6}$/.test(v[k])) badParam(`${where}.${k} must be an RRGGBB colour`);
    out[k] = v[k];
  }
  return out;
}

export const documentRoutes = defineRoutes({
  wedoc_document_get: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid, DOC_TYPES.document);
    return { version: doc.document!.version, document: doc.document!.toNode() };
  },

  wedoc_document_batch_update: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid, DOC_TYPES.document);
    const current = doc.document!;
    // An edit made against another version is refused (6000), so two writers cannot overwrite each other.
    if (ctx.body.version !== undefined && ctx.body.version !== current.version) throw err('DATA_VERSION_CONFLICT');
    const next = current.clone();
    const state = ctx.corp.domains.wedoc;
    ctx.body.requests.forEach((r, n) => {
      const kinds = Object.keys(r).filter((k) => (r as Record<string, unknown>)[k] !== undefined);
      if (kinds.length !== 1) badParam(`requests[${n}] must hold exactly one operation`);
      try {
        const w = `requests[${n}]`;
        if (r.insert_text) next.insertText(r.insert_text.location?.index ?? 0, r.insert_text.text ?? '');
        else if (r.insert_table) next.insertTable(r.insert_table.location?.index ?? 0, r.insert_table.rows ?? 1, r.insert_table.cols ?? 1);
        else if (r.insert_paragraph) next.insertParagraph(locationOf(r.insert_paragraph, `${w}.insert_paragraph`));
        else if (r.insert_page_break) next.insertPageBreak(locationOf(r.insert_page_break, `${w}.insert_page_break`));
        else if (r.insert_image) {
          const url = r.insert_image['image_id'];
          const img = typeof url === 'string' ? state.images.get(url) : undefined;
          if (!img) badParam(`${w}.insert_image.image_id is not an image_upload url`);
          const width = intOf(r.insert_image['width'], `${w}.insert_image.width`, img.width);
          const height = intOf(r.insert_image['height'], `${w}.insert_image.height`, img.height);
          next.insertImage(locationOf(r.insert_image, `${w}.insert_image`), url as string, width, height);
        } else if (r.delete_content) {
          const [range] = rangesOf([r.delete_content['range']], `${w}.delete_content.range`);
          next.deleteContent(range!.start_index, range!.length);
        } else if (r.replace_text) {
          const text = r.replace_text['text'];
          if (typeof text !== 'string') badParam(`${w}.replace_text.text must be a string`);
          next.replaceText(text, rangesOf(r.replace_text['ranges'], `${w}.replace_text.ranges`));
        } else if (r.update_text_property) {
          next.updateTextProperty(propsOf(r.update_text_property['text_property'], `${w}.update_text_property.text_property`), rangesOf(r.update_text_property['ranges'], `${w}.update_text_property.ranges`));
        } else badParam(`requests[${n}] holds no known operation`);
      } catch (e) {
        if (e instanceof DocEditError) badParam(`requests[${n}]: ${e.message}`);
        throw e;
      }
    });
    next.version = current.version + 1;
    doc.document = next;
    touch(ctx, doc);
    emitDocChange(ctx, doc.ownerAgentid, doc.docid, 'modify_doc_content');
    return {};
  },
});
