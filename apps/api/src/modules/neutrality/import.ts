import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../http/errors.ts';

/** The fields an import row may carry, and the header names (Indonesian or English) that name them. */
const COLUMNS = {
  name: ['name', 'nama', 'nama perangkat daerah', 'perangkat daerah', 'nama opd', 'opd', 'nama instansi'],
  kind: ['kind', 'jenis', 'jenis perangkat daerah'],
  headName: ['headname', 'head name', 'nama kepala', 'kepala', 'nama pimpinan', 'pimpinan'],
  headTitle: ['headtitle', 'head title', 'jabatan', 'jabatan kepala'],
  headNip: ['headnip', 'head nip', 'nip', 'nip kepala'],
  email: ['email', 'e-mail', 'surel'],
  phone: ['phone', 'telepon', 'telp', 'no hp', 'hp', 'nomor telepon'],
  regionCode: ['regioncode', 'region code', 'kode wilayah', 'kode'],
} as const;
export type ImportField = keyof typeof COLUMNS;

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ParsedImport {
  /** Row numbers as the spreadsheet shows them (the header is row 1). */
  rows: Array<{ row: number; values: Partial<Record<ImportField, string>> }>;
  /** The header text of each field as it appears in the file, for messages. */
  headers: Partial<Record<ImportField, string>>;
  problems: ImportProblem[];
}

const normalHeader = (text: string) => text.toLowerCase().replace(/[_.]+/g, ' ').replace(/\s+/g, ' ').trim();

const FIELD_OF_HEADER = new Map<string, ImportField>(
  (Object.entries(COLUMNS) as Array<[ImportField, readonly string[]]>).flatMap(([field, names]) =>
    names.map((n) => [n, field] as const),
  ),
);

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304;

/** Reads an agency list from XLSX (first sheet) or CSV (comma or semicolon, as Excel writes it). */
export async function parseAgencyImport(bytes: Buffer): Promise<ParsedImport> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (isZip(bytes)) {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    } else {
      let text = bytes.toString('utf8');
      if (text.includes('\uFFFD')) throw new Error('not UTF-8 text');
      text = text.replace(/^\uFEFF/, '');
      const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
      const delimiter =
        (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
      // Every value stays text: an 18-digit NIP must not become a rounded number.
      sheet = await workbook.csv.read(Readable.from([text]), {
        parserOptions: { delimiter },
        map: (value: unknown) => value,
      });
    }
  } catch {
    throw new AppError('agency.import_unreadable');
  }
  if (!sheet || sheet.rowCount < 1) throw new AppError('agency.import_unreadable');

  const headers: Partial<Record<ImportField, string>> = {};
  const columnOf = new Map<number, ImportField>();
  const problems: ImportProblem[] = [];
  sheet.getRow(1).eachCell((cell, col) => {
    const text = cell.text.trim();
    const field = FIELD_OF_HEADER.get(normalHeader(text));
    if (!field) {
      if (text) problems.push({ row: 1, column: text, message: 'unknown column' });
      return;
    }
    if (headers[field] !== undefined) {
      problems.push({ row: 1, column: text, message: `column ${headers[field]} given twice` });
      return;
    }
    headers[field] = text;
    columnOf.set(col, field);
  });
  for (const required of ['name', 'headName'] as const) {
    if (headers[required] === undefined)
      problems.push({ row: 1, column: COLUMNS[required][0], message: 'required column missing' });
  }

  const rows: ParsedImport['rows'] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Partial<Record<ImportField, string>> = {};
    row.eachCell((cell, col) => {
      const field = columnOf.get(col);
      if (!field) return;
      if ((field === 'headNip' || field === 'phone') && cell.type === ExcelJS.ValueType.Number) {
        problems.push({
          row: rowNumber,
          column: headers[field] ?? field,
          message: 'stored as a number, which keeps only 15 digits; format the column as text',
        });
        return;
      }
      const text = cell.text.trim();
      if (text) values[field] = text;
    });
    // Blank lines (often left at the end of a sheet) are not rows.
    if (Object.keys(values).length > 0) rows.push({ row: rowNumber, values });
  });
  if (rows.length === 0 && problems.length === 0)
    problems.push({ row: 2, column: headers.name ?? 'name', message: 'the file has no agency rows' });
  return { rows, headers, problems };
}
