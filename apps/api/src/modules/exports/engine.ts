import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface ExportColumn {
  key: string;
  /** Column title in the file (Indonesian, as the files go to Indonesian offices). */
  header: string;
}

export interface ExportTable {
  /** File name without extension, e.g. `laporan-15.04-2024-11-01`. */
  name: string;
  columns: ExportColumn[];
  rows: AsyncIterable<Record<string, unknown>>;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Numbers stay numbers (a southern latitude is negative); only text can smuggle a formula.
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  // Text cells that a spreadsheet would run as a formula are prefixed (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV with a UTF-8 byte-order mark (so Excel reads Indonesian text right), streamed. */
export function csvStream(table: ExportTable): Readable {
  async function* lines() {
    yield `\uFEFF${table.columns.map((c) => csvCell(c.header)).join(',')}\r\n`;
    let buffer = '';
    for await (const row of table.rows) {
      buffer += `${table.columns.map((c) => csvCell(row[c.key])).join(',')}\r\n`;
      if (buffer.length > 64 * 1024) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  return Readable.from(lines(), { objectMode: false });
}

/** An XLSX workbook written row by row to the response (exceljs streaming writer). */
export function xlsxStream(table: ExportTable, sheetName: string): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.min(60, Math.max(12, c.header.length + 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const row of table.rows) sheet.addRow(row).commit();
      sheet.commit();
      await book.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

/** A GeoJSON FeatureCollection streamed feature by feature. */
export function geojsonStream(features: AsyncIterable<Record<string, unknown>>): Readable {
  async function* parts() {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const feature of features) {
      yield `${first ? '' : ','}${JSON.stringify(feature)}`;
      first = false;
    }
    yield ']}';
  }
  return Readable.from(parts(), { objectMode: false });
}

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/**
 * CSV lines made elsewhere (PostgreSQL's COPY writes LF line ends) as the same RFC 4180 file csvStream
 * writes: the byte-order mark and header first, then the lines with CRLF ends. Line feeds inside quoted
 * cells are data and stay as they are; the quote state carries across chunks. The scan jumps with
 * indexOf (native) rather than visiting every byte in JS: a national export is ~450 MB.
 */
export function csvFromLines(columns: ExportColumn[], lines: Readable): Readable {
  async function* file(): AsyncGenerator<Buffer> {
    yield Buffer.from(`\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
    let quoted = false;
    for await (const chunk of lines) {
      const input = chunk as Buffer;
      const ends: number[] = [];
      let at = 0;
      // The next quote at or after `at`; the chunk's length when there is none (so it is not looked
      // for again on every line).
      let quote = -1;
      while (at < input.length) {
        if (quote < at) {
          quote = input.indexOf(QUOTE, at);
          if (quote === -1) quote = input.length;
        }
        if (quoted) {
          if (quote === input.length) break;
          quoted = false;
          at = quote + 1;
          continue;
        }
        let lf = input.indexOf(LF, at);
        if (lf === -1) lf = input.length;
        if (quote < lf) {
          quoted = true;
          at = quote + 1;
        } else if (lf === input.length) break;
        else {
          ends.push(lf);
          at = lf + 1;
        }
      }
      if (ends.length === 0) {
        yield input;
        continue;
      }
      const parts: Buffer[] = [];
      let from = 0;
      for (const end of ends) {
        parts.push(input.subarray(from, end), CRLF);
        from = end + 1;
      }
      parts.push(input.subarray(from));
      yield Buffer.concat(parts, input.length + ends.length);
    }
  }
  return Readable.from(file(), { objectMode: false });
}
