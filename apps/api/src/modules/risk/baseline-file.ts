import ExcelJS from 'exceljs';
import { AppError } from '../../http/errors.ts';

/**
 * Reading a baseline upload (CSV or XLSX) into rows of text cells, each cell keeping its spreadsheet
 * reference (D5) so validation can name it. Column names may be English or Indonesian (the IKP's own
 * words); see docs/risk-index.md and the sample file.
 */

export const BASELINE_COLUMNS = [
  'regionCode',
  'socialPolitical',
  'electionAdministration',
  'contestation',
  'participation',
  'source',
  'measuredOn',
] as const;
export type BaselineColumn = (typeof BASELINE_COLUMNS)[number];

/** Accepted header spellings, compared lower-case with everything but letters and digits removed. */
const HEADER_ALIASES: Record<BaselineColumn, string[]> = {
  regionCode: ['regioncode', 'code', 'kode', 'kodewilayah', 'kodekemendagri', 'kodedaerah'],
  socialPolitical: ['socialpolitical', 'socialpoliticalcontext', 'kontekssosialpolitik', 'sosialpolitik'],
  electionAdministration: [
    'electionadministration',
    'penyelenggaraanpemilu',
    'penyelenggaraanpemilihan',
    'penyelenggaraan',
  ],
  contestation: ['contestation', 'kontestasi'],
  participation: ['participation', 'partisipasi'],
  source: ['source', 'sumber'],
  measuredOn: ['measuredon', 'date', 'tanggal', 'tanggalpengukuran', 'tanggaldata'],
};

export interface RawCell {
  value: string | number | Date | null;
  /** e.g. "D5". */
  ref: string;
}

export interface RawRow {
  /** 1-based row number as a spreadsheet shows it (the header is a row too). */
  row: number;
  cells: Partial<Record<BaselineColumn, RawCell>>;
}

export interface ParsedUpload {
  format: 'csv' | 'xlsx';
  headerRow: number;
  rows: RawRow[];
}

const normaliseHeader = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function mapHeader(headers: string[], headerRow: number): Map<number, BaselineColumn> {
  const byIndex = new Map<number, BaselineColumn>();
  const found = new Set<BaselineColumn>();
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    for (const column of BASELINE_COLUMNS) {
      if (HEADER_ALIASES[column].includes(key) && !found.has(column)) {
        byIndex.set(index, column);
        found.add(column);
        return;
      }
    }
  });
  const missing = BASELINE_COLUMNS.filter((c) => !found.has(c));
  if (missing.length > 0) {
    throw new AppError(
      'risk.baseline_invalid',
      missing.map((column) => ({ row: headerRow, column, message: 'column missing from the header row' })),
    );
  }
  return byIndex;
}

/** CSV as Excel writes it in Indonesia too: `;` separators (decimal commas), quotes, a BOM, CRLF. */
export function parseCsvText(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/).find((line) => line.trim() !== '' && !line.startsWith('#')) ?? '';
  const delimiter = [';', '\t', ','].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new AppError('risk.baseline_unreadable', [{ message: 'a quoted field is not closed' }]);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function fromCsv(buffer: Buffer): ParsedUpload {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new AppError('risk.baseline_unreadable', [
      { message: 'the file is neither XLSX nor UTF-8 text (CSV)' },
    ]);
  }
  const lines = parseCsvText(text);
  // Comment lines (#) and blank lines before the header explain the file; they are not data.
  let headerIndex = 0;
  while (
    headerIndex < lines.length &&
    (lines[headerIndex]?.every((f) => f.trim() === '') || (lines[headerIndex]?.[0] ?? '').startsWith('#'))
  )
    headerIndex += 1;
  const header = lines[headerIndex];
  if (!header) throw new AppError('risk.baseline_unreadable', [{ message: 'the file has no header row' }]);
  const columns = mapHeader(header, headerIndex + 1);
  const rows: RawRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i += 1) {
    const fields = lines[i] ?? [];
    if (fields.every((f) => f.trim() === '') || (fields[0] ?? '').startsWith('#')) continue;
    const cells: RawRow['cells'] = {};
    for (const [index, column] of columns) {
      const raw = fields[index]?.trim() ?? '';
      cells[column] = { value: raw === '' ? null : raw, ref: `${columnLetter(index)}${i + 1}` };
    }
    rows.push({ row: i + 1, cells });
  }
  return { format: 'csv', headerRow: headerIndex + 1, rows };
}

function cellValue(value: ExcelJS.CellValue): RawCell['value'] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string')
    return typeof value === 'string' ? value.trim() || null : value;
  if (value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value)
      return (
        value.richText
          .map((part) => part.text)
          .join('')
          .trim() || null
      );
    if ('result' in value) return cellValue(value.result);
    if ('text' in value && typeof value.text === 'string') return value.text.trim() || null;
    if ('error' in value) return String(value.error);
  }
  return null;
}

async function fromXlsx(buffer: Buffer): Promise<ParsedUpload> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('risk.baseline_unreadable', [{ message: 'the XLSX file cannot be opened' }]);
  }
  const sheet =
    workbook.worksheets.find((ws) => /^(baseline|ikp)$/i.test(ws.name.trim())) ?? workbook.worksheets[0];
  if (!sheet) throw new AppError('risk.baseline_unreadable', [{ message: 'the workbook has no sheet' }]);
  let headerRow = 0;
  let header: string[] = [];
  const rows: RawRow[] = [];
  let columns: Map<number, BaselineColumn> | undefined;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: Array<RawCell['value']> = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cellValue(cell.value);
    });
    if (!columns) {
      const first = values.find((v) => v !== null && v !== undefined);
      if (first === undefined || (typeof first === 'string' && first.startsWith('#'))) return;
      headerRow = rowNumber;
      header = values.map((v) => (v === null || v === undefined ? '' : String(v)));
      columns = mapHeader(header, rowNumber);
      return;
    }
    if (values.every((v) => v === null || v === undefined)) return;
    const cells: RawRow['cells'] = {};
    for (const [index, column] of columns) {
      cells[column] = { value: values[index] ?? null, ref: `${columnLetter(index)}${rowNumber}` };
    }
    rows.push({ row: rowNumber, cells });
  });
  if (!columns) throw new AppError('risk.baseline_unreadable', [{ message: 'the sheet has no header row' }]);
  return { format: 'xlsx', headerRow, rows };
}

/** CSV or XLSX, recognised by content (an XLSX is a ZIP container), never by the file name. */
export async function parseBaselineUpload(buffer: Buffer): Promise<ParsedUpload> {
  if (buffer.length === 0) throw new AppError('upload.empty');
  if (buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return fromXlsx(buffer);
  if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new AppError('risk.baseline_unreadable', [
      { message: 'old Excel (.xls) files are not read; save the sheet as XLSX or CSV' },
    ]);
  }
  return fromCsv(buffer);
}
