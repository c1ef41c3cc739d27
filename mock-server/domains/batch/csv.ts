/**
 * CSV files of WeCom's import templates: text decoding (UTF-8 with or without BOM, UTF-16 with BOM, else
 * GBK/GB18030 as Excel writes it on Chinese Windows) and RFC 4180 parsing. Pure functions.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text; undefined when it is not text at all (NUL bytes in it). */
export function decodeText(data: Buffer): string | undefined {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  let body = data;
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) body = data.subarray(3);
  if (body.includes(0)) return undefined;
  try {
    return utf8.decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

/**
 * Rows of cells (RFC 4180: "," separates, double quotes enclose, "" is a quote; CRLF, LF or CR end a row).
 * Unquoted cells are trimmed; rows whose cells are all empty are dropped. Undefined when a quote never closes.
 */
export function parseCsv(text: string): string[][] | undefined {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  const endCell = (): void => {
    row.push(wasQuoted ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  const endRow = (): void => {
    endCell();
    if (row.some((c) => c !== '')) rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (ch === ',') endCell();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (quoted) return undefined;
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}
