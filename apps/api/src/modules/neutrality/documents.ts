import ExcelJS from 'exceljs';
import type {
  PledgeBoardRow,
  PledgeCampaignSummary,
  PledgeProgressCounts,
  PledgeRollup,
  TimeZoneId,
} from '@sinergi/shared';
import { indonesianDate, indonesianDateTime } from '../../documents/indonesian-dates.ts';
import { heading, officialDocument, table } from '../../documents/official-pdf.ts';
import { displayRegionName } from './pledge-text.ts';

const STATUS_LABEL: Record<string, string> = {
  pending: 'Menunggu verifikasi',
  verified: 'Terverifikasi',
  returned: 'Dikembalikan',
};
const KESBANGPOL = 'Badan Kesatuan Bangsa dan Politik';

const yesNo = (value: boolean) => (value ? 'Ya' : 'Tidak');
const pct = (value: number) => `${value.toFixed(1)}%`;

/** What the board shows in words: overdue, signed or not, and the pledge's review state. */
export function boardStateLabel(row: PledgeBoardRow): string {
  if (row.overdue) return row.pledge?.status === 'returned' ? 'Terlambat (dikembalikan)' : 'Terlambat';
  if (!row.pledge) return 'Belum menandatangani';
  return STATUS_LABEL[row.pledge.status] ?? row.pledge.status;
}

function summaryLines(progress: PledgeProgressCounts): string[] {
  return [
    `Perangkat daerah: ${progress.agencies}; sudah menandatangani: ${progress.signed} (${pct(progress.compliancePct)}); tepat waktu: ${progress.onTime}.`,
    `Dengan video deklarasi: ${progress.withVideo}; terverifikasi: ${progress.verified}; menunggu verifikasi: ${progress.pending}; dikembalikan: ${progress.returned}; terlambat: ${progress.overdueCount}.`,
  ];
}

export interface PactPdfInput {
  regionName: string;
  regionLevel: number;
  agencyName: string;
  headName: string;
  headTitle: string | null;
  headNip: string | null;
  text: string;
}

/** The filled-in pact, printed for signing: letterhead, text, place and date, signature block. */
export async function pactPdf(input: PactPdfInput): Promise<Buffer> {
  const { doc, bytes, width } = officialDocument({
    regionName: input.regionName,
    regionLevel: input.regionLevel,
    office: input.agencyName,
  });
  const [title = '', ...body] = input.text.split('\n');
  doc.font('bold').fontSize(13).text(title, { align: 'center' });
  doc.moveDown();
  doc.font('regular').fontSize(11).text(body.join('\n').trim(), { align: 'justify', lineGap: 2 });
  doc.moveDown(2);
  const left = doc.page.margins.left + width / 2;
  const place = displayRegionName(input.regionName).replace(/^(Kabupaten|Kota|Provinsi) /, '');
  doc.text(`${place}, ................................`, left, doc.y, { width: width / 2 });
  doc.text('Yang membuat pernyataan,', left, doc.y, { width: width / 2 });
  doc.moveDown(0.5);
  doc.fontSize(8).text('Meterai', left, doc.y, { width: width / 2 });
  doc.moveDown(3);
  doc
    .font('bold')
    .fontSize(11)
    .text(input.headName, left, doc.y, { width: width / 2, underline: true });
  doc.font('regular').text(input.headTitle ?? '', left, doc.y, { width: width / 2 });
  if (input.headNip) doc.text(`NIP ${input.headNip}`, left, doc.y, { width: width / 2 });
  doc.end();
  return bytes;
}

export interface BoardDocumentInput {
  campaign: PledgeCampaignSummary;
  regionName: string;
  regionLevel: number;
  progress: PledgeProgressCounts;
  rows: PledgeBoardRow[];
  generatedAt: Date;
}

function boardRowCells(row: PledgeBoardRow, index: number): string[] {
  return [
    String(index + 1),
    row.agency.name,
    row.agency.headName,
    boardStateLabel(row),
    row.pledge ? indonesianDate(row.pledge.signedOn) : '–',
    row.pledge ? yesNo(row.pledge.onTime) : '–',
    row.pledge ? yesNo(row.pledge.hasVideo) : '–',
  ];
}

const BOARD_HEADERS = [
  'No',
  'Perangkat daerah',
  'Kepala',
  'Status',
  'Tanggal tanda tangan',
  'Tepat waktu',
  'Video',
];

export async function boardPdf(input: BoardDocumentInput): Promise<Buffer> {
  const timezone = input.campaign.timezone;
  const { doc, bytes, width } = officialDocument({
    regionName: input.regionName,
    regionLevel: input.regionLevel,
    office: KESBANGPOL,
  });
  doc.font('bold').fontSize(13).text('REKAPITULASI FAKTA INTEGRITAS NETRALITAS', { align: 'center' });
  doc.font('regular').fontSize(11).text(input.campaign.title, { align: 'center' });
  doc
    .fontSize(9)
    .text(
      `Tenggat ${indonesianDate(input.campaign.deadline)} (${input.campaign.timezoneAbbreviation}) · keadaan ${indonesianDateTime(input.generatedAt, timezone)}`,
      { align: 'center' },
    );
  doc.moveDown();
  heading(doc, 'Ringkasan');
  for (const line of summaryLines(input.progress)) doc.text(line);
  heading(doc, 'Perangkat daerah');
  table(
    doc,
    width,
    BOARD_HEADERS.map((title, i) => ({ title, share: [0.05, 0.27, 0.2, 0.16, 0.13, 0.1, 0.09][i] ?? 0.1 })),
    input.rows.map(boardRowCells),
  );
  doc.end();
  return bytes;
}

async function workbookBytes(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function boardXlsx(input: BoardDocumentInput): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Sinergi';
  const sheet = book.addWorksheet('Kepatuhan');
  sheet.addRow(['Rekapitulasi fakta integritas netralitas']).font = { bold: true, size: 13 };
  sheet.addRow([input.campaign.title]);
  sheet.addRow([`Wilayah: ${displayRegionName(input.regionName)}`]);
  sheet.addRow([
    `Tenggat: ${input.campaign.deadline} (${input.campaign.timezoneAbbreviation})`,
    `Keadaan: ${indonesianDateTime(input.generatedAt, input.campaign.timezone)}`,
  ]);
  for (const line of summaryLines(input.progress)) sheet.addRow([line]);
  sheet.addRow([]);
  const header = sheet.addRow([...BOARD_HEADERS.slice(0, 4), 'Tanggal tanda tangan', 'Tepat waktu', 'Video']);
  header.font = { bold: true };
  input.rows.forEach((row, i) => {
    sheet.addRow([
      i + 1,
      row.agency.name,
      row.agency.headName,
      boardStateLabel(row),
      row.pledge?.signedOn ?? '',
      row.pledge ? yesNo(row.pledge.onTime) : '',
      row.pledge ? yesNo(row.pledge.hasVideo) : '',
    ]);
  });
  sheet.columns.forEach((column, i) => {
    column.width = [5, 45, 30, 24, 20, 12, 10][i] ?? 12;
  });
  return workbookBytes(book);
}

const ROLLUP_HEADERS = [
  'Kode',
  'Wilayah',
  'Kampanye',
  'Perangkat daerah',
  'Menandatangani',
  'Kepatuhan (%)',
  'Tepat waktu',
  'Video',
  'Terverifikasi',
  'Terlambat',
];

export interface RollupDocumentInput {
  rollup: PledgeRollup;
  regionLevel: number;
  generatedAt: Date;
  timezone: TimeZoneId;
}

const rollupCells = (
  r: PledgeRollup['items'][number] | (PledgeRollup['totals'] & { code: string; name: string }),
) => [
  r.code,
  displayRegionName(r.name),
  r.campaigns,
  r.agencies,
  r.signed,
  r.compliancePct,
  r.onTime,
  r.withVideo,
  r.verified,
  r.overdueCount,
];

export async function rollupXlsx(input: RollupDocumentInput): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Sinergi';
  const sheet = book.addWorksheet('Rekap wilayah');
  sheet.addRow([`Rekap fakta integritas netralitas — ${displayRegionName(input.rollup.region.name)}`]).font =
    {
      bold: true,
      size: 13,
    };
  sheet.addRow([input.rollup.campaign ? input.rollup.campaign.title : 'Semua kampanye di wilayah ini']);
  sheet.addRow([`Keadaan: ${indonesianDateTime(input.generatedAt, input.timezone)}`]);
  sheet.addRow([]);
  sheet.addRow(ROLLUP_HEADERS).font = { bold: true };
  for (const item of input.rollup.items) sheet.addRow(rollupCells(item));
  sheet.addRow(rollupCells({ ...input.rollup.totals, code: '', name: 'JUMLAH' })).font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = i === 1 ? 36 : 14;
  });
  return workbookBytes(book);
}

export async function rollupPdf(input: RollupDocumentInput): Promise<Buffer> {
  const { doc, bytes, width } = officialDocument({
    regionName: input.rollup.region.level === 0 ? 'Kementerian Dalam Negeri' : input.rollup.region.name,
    regionLevel: input.regionLevel,
    office:
      input.rollup.region.level === 0 ? 'Direktorat Jenderal Politik dan Pemerintahan Umum' : KESBANGPOL,
  });
  doc.font('bold').fontSize(13).text('REKAP FAKTA INTEGRITAS NETRALITAS PER WILAYAH', { align: 'center' });
  doc
    .font('regular')
    .fontSize(11)
    .text(input.rollup.campaign ? input.rollup.campaign.title : 'Semua kampanye di wilayah ini', {
      align: 'center',
    });
  doc
    .fontSize(9)
    .text(`Keadaan ${indonesianDateTime(input.generatedAt, input.timezone)}`, { align: 'center' });
  doc.moveDown();
  heading(doc, 'Ringkasan');
  for (const line of summaryLines(input.rollup.totals)) doc.text(line);
  heading(doc, 'Per wilayah');
  const shares = [0.1, 0.26, 0.08, 0.1, 0.1, 0.1, 0.08, 0.08, 0.1];
  table(
    doc,
    width,
    [
      'Kode',
      'Wilayah',
      'Kamp.',
      'Perangkat daerah',
      'Tanda tangan',
      'Kepatuhan',
      'Tepat waktu',
      'Video',
      'Terlambat',
    ].map((title, i) => ({ title, share: shares[i] ?? 0.1 })),
    input.rollup.items.map((r) => [
      r.code,
      displayRegionName(r.name),
      String(r.campaigns),
      String(r.agencies),
      String(r.signed),
      pct(r.compliancePct),
      String(r.onTime),
      String(r.withVideo),
      String(r.overdueCount),
    ]),
  );
  doc.end();
  return bytes;
}
