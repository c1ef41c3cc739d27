import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv } from './csv.js';

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM, UTF-16LE with BOM and GBK', () => {
    expect(decodeText(Buffer.from('姓名,帐号'))).toBe('姓名,帐号');
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名')]))).toBe('姓名');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名', 'utf16le')]))).toBe('姓名');
    expect(decodeText(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名');
  });

  it('refuses binary data', () => {
    expect(decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toBeUndefined();
  });
});

describe('parseCsv', () => {
  it('splits rows and cells, with quotes, doubled quotes, CRLF and empty lines', () => {
    expect(parseCsv('a,b,c\r\n1, 2 ,"x,""y"""\n\n"multi\nline",,\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', 'x,"y"'],
      ['multi\nline', '', ''],
    ]);
  });

  it('keeps the last row without a line end and refuses an unclosed quote', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,"b\n1,2')).toBeUndefined();
  });
});
