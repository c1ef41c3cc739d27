/** wedoc/document/get and batch_update over the document model (doc path/101161, doc path/97626). */
import { err } from '../../../core/errors/index.js';
import { defineRoutes } from '../../types.js';
import { emitDocChange } from '../events.js';
import { badParam, docOf, touch } from '../rules.js';
import { DOC_TYPES } from '../state.js';
import { DocEditError } from './model.js';

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
        if (r.insert_text) next.insertText(r.insert_text.location?.index ?? 0, r.insert_text.text ?? '');
        else if (r.insert_paragraph) next.insertParagraph(r.insert_paragraph.location?.index ?? 0);
        else if (r.insert_page_break) next.insertPageBreak(r.insert_page_break.location?.index ?? 0);
        else if (r.insert_table) next.insertTable(r.insert_table.location?.index ?? 0, r.insert_table.rows ?? 1, r.insert_table.cols ?? 1);
        else if (r.insert_image) {
          const img = r.insert_image.image_id !== undefined ? state.images.get(r.insert_image.image_id) : undefined;
          if (!img) badParam(`requests[${n}].insert_image.image_id is not an image_upload url`);
          next.insertImage(r.insert_image.location?.index ?? 0, r.insert_image.image_id!, r.insert_image.width ?? img.width, r.insert_image.height ?? img.height);
        } else if (r.delete_content) next.deleteContent(r.delete_content.range?.start_index ?? 0, r.delete_content.range?.length ?? 0);
        else if (r.replace_text) next.replaceText(r.replace_text.text ?? '', (r.replace_text.ranges ?? []).map((x) => ({ start_index: x.start_index ?? 0, length: x.length ?? 0 })));
        else if (r.update_text_property) {
          next.updateTextProperty(r.update_text_property.text_property ?? {}, (r.update_text_property.ranges ?? []).map((x) => ({ start_index: x.start_index ?? 0, length: x.length ?? 0 })));
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
