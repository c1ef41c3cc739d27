import { describe, expect, it } from 'vitest';
import { DocEditError, DocumentModel, emptyParagraph } from './model.js';

const doc = (...paras: string[]): DocumentModel => new DocumentModel(paras.map((p) => emptyParagraph(p)));

describe('document model', () => {
  it('When text is inserted inside a paragraph, then positions shift and the paragraph mark stays last', () => {
    const d = doc('hello');
    d.insertText(5, ' world');
    expect(d.plainText()).toBe('hello world\n');
    expect(d.length).toBe(12);
    const node = d.toNode();
    expect(node.children[0]).toMatchObject({ type: 'Paragraph', begin: 0, end: 12 });
  });

  it('When inserted text holds a newline, then the paragraph splits in two', () => {
    const d = doc('ab');
    d.insertText(1, 'X\nY');
    expect(d.toNode().children.map((c) => c.text)).toEqual(['aX\n', 'Yb\n']);
  });

  it('When a range crosses a paragraph mark, then deleting it joins the paragraphs', () => {
    const d = doc('abc', 'def');
    d.deleteContent(2, 3); // "c", the mark, "d"
    expect(d.plainText()).toBe('abef\n');
  });

  it('When the last paragraph mark is in the range, then the delete is refused', () => {
    const d = doc('abc');
    expect(() => d.deleteContent(0, 4)).toThrow(DocEditError);
  });

  it('When a table is inserted mid-paragraph, then the paragraph splits around a table of empty cells', () => {
    const d = doc('abcd');
    d.insertTable(2, 2, 3);
    const kids = d.toNode().children;
    expect(kids.map((k) => k.type)).toEqual(['Paragraph', 'Table', 'Paragraph']);
    expect(kids[1]!.children).toHaveLength(2);
    expect(kids[1]!.children[0]!.children).toHaveLength(3);
    // 'ab' + mark = 3, the table takes 1 + 6 empty cell paragraphs.
    expect(kids[1]).toMatchObject({ begin: 3, end: 10 });
    expect(kids[2]).toMatchObject({ begin: 10, text: 'cd\n' });
  });

  it('When text goes into a table cell, then only that cell grows', () => {
    const d = doc('');
    d.insertTable(0, 1, 2);
    // table at 0, cell 1 paragraph at 1, cell 2 paragraph at 2.
    d.insertText(2, 'B');
    const table = d.toNode().children[0]!;
    expect(table.children[0]!.children.map((c) => c.text)).toEqual(['\n', 'B\n']);
  });

  it('When a range cuts a table, then it is refused; a range holding the whole table removes it', () => {
    const d = doc('x');
    d.insertTable(0, 1, 1);
    expect(() => d.deleteContent(0, 1)).toThrow(DocEditError);
    d.deleteContent(0, 2);
    expect(d.toNode().children.map((c) => c.type)).toEqual(['Paragraph']);
  });

  it('When a text property is set on a range, then the runs split at its edges', () => {
    const d = doc('abcdef');
    d.updateTextProperty({ bold: true }, [{ start_index: 2, length: 2 }]);
    const runs = d.toNode().children[0]!.children;
    expect(runs.map((r) => [r.text, r.property['bold'] ?? false])).toEqual([
      ['ab', false],
      ['cd', true],
      ['ef', false],
    ]);
  });

  it('When several ranges are replaced, then each is replaced in the original positions', () => {
    const d = doc('a-b-c');
    d.replaceText('+', [
      { start_index: 1, length: 1 },
      { start_index: 3, length: 1 },
    ]);
    expect(d.plainText()).toBe('a+b+c\n');
  });

  it('When an index is outside the document, then the edit is refused', () => {
    expect(() => doc('ab').insertText(3, 'x')).toThrow(DocEditError);
    expect(() => doc('ab').insertText(-1, 'x')).toThrow(DocEditError);
  });
});
