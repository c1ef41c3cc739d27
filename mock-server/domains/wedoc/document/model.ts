import { snapshotClass } from '../../../core/runtime/graph.js';
/**
 * The document model behind wedoc/document/get and batch_update (doc path/101161, doc path/97626): a list
 * of blocks — paragraphs of runs, and tables whose cells hold paragraphs. Positions are linear: a run takes
 * its text's length (an image or a page break takes 1), every paragraph ends with a mark that takes 1,
 * a table takes 1 before its cells. Edits address those positions; a failed edit throws DocEditError and
 * callers apply a batch on a copy, so a batch lands whole or not at all. Pure: no HTTP, no errcodes.
 */

export interface TextProps {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  strike?: boolean;
  color?: string;
  background_color?: string;
}
export type Run = { kind: 'text'; text: string; props: TextProps } | { kind: 'image'; url: string; width: number; height: number } | { kind: 'page_break' };
export interface Paragraph {
  kind: 'paragraph';
  runs: Run[];
}
export interface Table {
  kind: 'table';
  rows: number;
  cols: number;
  /** rows × cols cells, row-major; each holds at least one paragraph. */
  cells: Paragraph[][];
}
export type Block = Paragraph | Table;

/** An edit that does not fit the document (position outside it, a range cutting a table …). */
export class DocEditError extends Error {}

export interface DocNode {
  begin: number;
  end: number;
  property: Record<string, unknown>;
  type: 'Document' | 'Paragraph' | 'Table' | 'TableRow' | 'TableCell' | 'Text' | 'Drawing' | 'PageBreak';
  children: DocNode[];
  text: string;
}

const runLen = (r: Run): number => (r.kind === 'text' ? r.text.length : 1);
const paraLen = (p: Paragraph): number => p.runs.reduce((n, r) => n + runLen(r), 0) + 1;
const containerLen = (c: Paragraph[] | Block[]): number => c.reduce((n, b) => n + blockLen(b), 0);
function blockLen(b: Block): number {
  return b.kind === 'paragraph' ? paraLen(b) : 1 + b.cells.reduce((n, cell) => n + containerLen(cell), 0);
}
const paraText = (p: Paragraph): string => p.runs.map((r) => (r.kind === 'text' ? r.text : '')).join('');

export const emptyParagraph = (text = '', props: TextProps = {}): Paragraph => ({ kind: 'paragraph', runs: text ? [{ kind: 'text', text, props: { ...props } }] : [] });

export class DocumentModel {
  constructor(
    public blocks: Block[] = [emptyParagraph()],
    public version = 1,
  ) {}

  get length(): number {
    return containerLen(this.blocks);
  }

  clone(): DocumentModel {
    return new DocumentModel(structuredClone(this.blocks), this.version);
  }

  /** Inserts text at a position inside a paragraph (before its mark or anywhere in its text); '\n' starts a new paragraph. */
  insertText(index: number, text: string): void {
    const at = this.locate(index);
    const container = at.container;
    let i = at.i;
    let offset = at.offset;
    text.split('\n').forEach((part, n) => {
      if (n > 0) {
        splitParagraph(container, i, offset);
        i++;
        offset = 0;
      }
      const para = container[i] as Paragraph;
      insertRun(para, offset, { kind: 'text', text: part, props: propsAt(para, offset) });
      offset += part.length;
    });
  }

  insertParagraph(index: number): void {
    const at = this.locate(index);
    splitParagraph(at.container, at.i, at.offset);
  }

  insertPageBreak(index: number): void {
    const at = this.locate(index);
    insertRun(at.para(), at.offset, { kind: 'page_break' });
  }

  insertImage(index: number, url: string, width: number, height: number): void {
    const at = this.locate(index);
    insertRun(at.para(), at.offset, { kind: 'image', url, width, height });
  }

  /** Inserts a rows × cols table at a top-level position: before the paragraph, or splitting it. */
  insertTable(index: number, rows: number, cols: number): void {
    const at = this.locate(index);
    if (at.container !== this.blocks) throw new DocEditError('insert_table inside a table');
    let i = at.i;
    if (at.offset > 0) {
      splitParagraph(at.container, at.i, at.offset);
      i = at.i + 1;
    }
    const cells = Array.from({ length: rows * cols }, () => [emptyParagraph()]);
    this.blocks.splice(i, 0, { kind: 'table', rows, cols, cells });
  }

  /** Deletes [start, start+length). Deleting a paragraph mark joins the paragraph with the next; a table goes only whole. */
  deleteContent(start: number, length: number): void {
    if (length === 0) return;
    if (start < 0 || length < 0 || start + length > this.length - 1) throw new DocEditError(`range ${start}+${length} outside the document (length ${this.length}; the last paragraph mark stays)`);
    deleteIn(this.blocks, 0, start, start + length);
  }

  replaceText(text: string, ranges: Array<{ start_index: number; length: number }>): void {
    for (const r of [...ranges].sort((a, b) => b.start_index - a.start_index)) {
      this.deleteContent(r.start_index, r.length);
      if (text) this.insertText(r.start_index, text);
    }
  }

  updateTextProperty(props: TextProps, ranges: Array<{ start_index: number; length: number }>): void {
    for (const r of ranges) {
      if (r.start_index < 0 || r.length < 0 || r.start_index + r.length > this.length) throw new DocEditError(`range ${r.start_index}+${r.length} outside the document`);
      styleIn(this.blocks, 0, r.start_index, r.start_index + r.length, props);
    }
  }

  /** The node tree document/get answers. */
  toNode(): DocNode {
    const children: DocNode[] = [];
    let pos = 0;
    for (const b of this.blocks) {
      children.push(blockNode(b, pos));
      pos += blockLen(b);
    }
    return { begin: 0, end: pos, property: {}, type: 'Document', children, text: children.map((c) => c.text).join('') };
  }

  /** Plain text, one line per paragraph (tables cell by cell). */
  plainText(): string {
    return this.toNode().text;
  }

  /** The paragraph holding a position, and the offset in it (0 … its text length). */
  private locate(index: number): { container: Block[]; i: number; offset: number; para: () => Paragraph } {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) throw new DocEditError(`index ${index} outside the document (length ${this.length})`);
    return locateIn(this.blocks, 0, index);
  }
}

function locateIn(container: Block[], base: number, index: number): { container: Block[]; i: number; offset: number; para: () => Paragraph } {
  let pos = base;
  for (let i = 0; i < container.length; i++) {
    const b = container[i]!;
    const len = blockLen(b);
    if (index < pos + len) {
      if (b.kind === 'paragraph') return { container, i, offset: index - pos, para: () => container[i] as Paragraph };
      if (index === pos) throw new DocEditError(`index ${index} is a table's start`);
      let cpos = pos + 1;
      for (const cell of b.cells) {
        const clen = containerLen(cell);
        if (index < cpos + clen) return locateIn(cell, cpos, index);
        cpos += clen;
      }
    }
    pos += len;
  }
  throw new DocEditError(`index ${index} outside the document`);
}

function propsAt(p: Paragraph, offset: number): TextProps {
  let pos = 0;
  let last: TextProps = {};
  for (const r of p.runs) {
    if (r.kind === 'text') last = r.props;
    pos += runLen(r);
    if (pos >= offset && r.kind === 'text') return { ...r.props };
  }
  return { ...last };
}

/** Splits runs so that a run boundary falls at `offset`; answers the index of the run that starts there. */
function cut(p: Paragraph, offset: number): number {
  let pos = 0;
  for (let i = 0; i < p.runs.length; i++) {
    const r = p.runs[i]!;
    const len = runLen(r);
    if (offset === pos) return i;
    if (offset < pos + len && r.kind === 'text') {
      const k = offset - pos;
      p.runs.splice(i, 1, { kind: 'text', text: r.text.slice(0, k), props: r.props }, { kind: 'text', text: r.text.slice(k), props: { ...r.props } });
      return i + 1;
    }
    pos += len;
  }
  return p.runs.length;
}

function insertRun(p: Paragraph, offset: number, run: Run): void {
  if (run.kind === 'text' && run.text === '') return;
  p.runs.splice(cut(p, offset), 0, run);
  normalize(p);
}

function splitParagraph(container: Block[], i: number, offset: number): void {
  const p = container[i] as Paragraph;
  const k = cut(p, offset);
  const right: Paragraph = { kind: 'paragraph', runs: p.runs.splice(k) };
  container.splice(i + 1, 0, right);
}

/** Joins adjacent text runs of equal properties and drops empty ones. */
function normalize(p: Paragraph): void {
  const out: Run[] = [];
  for (const r of p.runs) {
    if (r.kind === 'text' && r.text === '') continue;
    const prev = out[out.length - 1];
    if (prev?.kind === 'text' && r.kind === 'text' && JSON.stringify(prev.props) === JSON.stringify(r.props)) prev.text += r.text;
    else out.push(r);
  }
  p.runs = out;
}

function deleteIn(container: Block[], base: number, s: number, e: number): void {
  const removeTable = new Set<number>();
  const join = new Set<number>();
  let pos = base;
  for (let i = 0; i < container.length; i++) {
    const b = container[i]!;
    const len = blockLen(b);
    const bs = pos;
    const be = pos + len;
    pos = be;
    const a = Math.max(s, bs);
    const z = Math.min(e, be);
    if (a >= z) continue;
    if (b.kind === 'paragraph') {
      const textEnd = be - 1;
      if (a < textEnd) {
        const k0 = cut(b, a - bs);
        const k1 = cut(b, Math.min(z, textEnd) - bs);
        b.runs.splice(k0, k1 - k0);
      }
      if (z === be) {
        if (i === container.length - 1) throw new DocEditError('the last paragraph mark of a document or a cell cannot be deleted');
        join.add(i);
      }
    } else if (a === bs && z === be) {
      removeTable.add(i);
    } else {
      let cpos = bs + 1;
      let done = false;
      for (const cell of b.cells) {
        const clen = containerLen(cell);
        if (a >= cpos && z <= cpos + clen - 1) {
          deleteIn(cell, cpos, a, z);
          done = true;
          break;
        }
        cpos += clen;
      }
      if (!done) throw new DocEditError('a range may hold a whole table or stay inside one cell');
    }
  }
  for (let i = container.length - 1; i >= 0; i--) {
    if (removeTable.has(i)) container.splice(i, 1);
    else if (join.has(i)) {
      const next = container[i + 1];
      if (!next || next.kind !== 'paragraph') throw new DocEditError('a paragraph mark before a table cannot be deleted');
      (container[i] as Paragraph).runs.push(...next.runs);
      container.splice(i + 1, 1);
      normalize(container[i] as Paragraph);
    }
  }
  for (const b of container) if (b.kind === 'paragraph') normalize(b);
}

function styleIn(container: Block[], base: number, s: number, e: number, props: TextProps): void {
  let pos = base;
  for (const b of container) {
    const len = blockLen(b);
    const bs = pos;
    pos += len;
    if (Math.max(s, bs) >= Math.min(e, pos)) continue;
    if (b.kind === 'paragraph') {
      const a = Math.max(s, bs) - bs;
      const z = Math.min(e, pos - 1) - bs;
      if (a >= z) continue;
      const k0 = cut(b, a);
      const k1 = cut(b, z);
      for (let k = k0; k < k1; k++) {
        const r = b.runs[k]!;
        if (r.kind === 'text') r.props = { ...r.props, ...props };
      }
      normalize(b);
    } else {
      let cpos = bs + 1;
      for (const cell of b.cells) {
        const clen = containerLen(cell);
        styleIn(cell, cpos, s, e, props);
        cpos += clen;
      }
    }
  }
}

function blockNode(b: Block, begin: number): DocNode {
  if (b.kind === 'paragraph') {
    const children: DocNode[] = [];
    let pos = begin;
    for (const r of b.runs) {
      const len = runLen(r);
      if (r.kind === 'text') children.push({ begin: pos, end: pos + len, property: { ...r.props }, type: 'Text', children: [], text: r.text });
      else if (r.kind === 'image') children.push({ begin: pos, end: pos + 1, property: { image_url: r.url, width: r.width, height: r.height }, type: 'Drawing', children: [], text: '' });
      else children.push({ begin: pos, end: pos + 1, property: {}, type: 'PageBreak', children: [], text: '' });
      pos += len;
    }
    return { begin, end: pos + 1, property: {}, type: 'Paragraph', children, text: `${paraText(b)}\n` };
  }
  const rows: DocNode[] = [];
  let pos = begin + 1;
  for (let r = 0; r < b.rows; r++) {
    const rowBegin = pos;
    const cells: DocNode[] = [];
    for (let c = 0; c < b.cols; c++) {
      const cell = b.cells[r * b.cols + c]!;
      const cellBegin = pos;
      const kids = cell.map((p) => {
        const n = blockNode(p, pos);
        pos = n.end;
        return n;
      });
      cells.push({ begin: cellBegin, end: pos, property: { row: r, col: c }, type: 'TableCell', children: kids, text: kids.map((k) => k.text).join('') });
    }
    rows.push({ begin: rowBegin, end: pos, property: {}, type: 'TableRow', children: cells, text: cells.map((k) => k.text).join('') });
  }
  return { begin, end: pos, property: { rows: b.rows, cols: b.cols }, type: 'Table', children: rows, text: rows.map((k) => k.text).join('') };
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(DocumentModel);
