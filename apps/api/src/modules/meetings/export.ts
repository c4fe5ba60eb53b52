import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { FOLLOW_UP_STATUS_LABELS, type FollowUp } from '@sinergi/shared';

const COLUMNS: Array<{ header: string; key: string; width: number }> = [
  { header: 'No', key: 'no', width: 6 },
  { header: 'Wilayah', key: 'region', width: 28 },
  { header: 'Rapat', key: 'meeting', width: 40 },
  { header: 'Tanggal Rapat', key: 'meetingDate', width: 14 },
  { header: 'Keputusan', key: 'decision', width: 50 },
  { header: 'Tindak Lanjut', key: 'title', width: 50 },
  { header: 'Instansi Penanggung Jawab', key: 'institution', width: 26 },
  { header: 'Petugas', key: 'person', width: 24 },
  { header: 'Batas Waktu', key: 'dueOn', width: 13 },
  { header: 'Status', key: 'status', width: 18 },
  { header: 'Terlambat', key: 'overdue', width: 11 },
  { header: 'Alasan Dibatalkan', key: 'dropReason', width: 30 },
];

/**
 * The follow-up list as an XLSX workbook, streamed row by row as the pages arrive, so a province's
 * whole list never sits in memory. Dates stay `YYYY-MM-DD` text: a spreadsheet date cell would shift
 * with the reader's zone.
 */
export function followUpWorkbook(
  pages: AsyncIterable<FollowUp[]>,
  onError: (error: unknown) => void,
): PassThrough {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Sinergi';
  const sheet = workbook.addWorksheet('Tindak Lanjut', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  void (async () => {
    let n = 0;
    for await (const items of pages) {
      for (const f of items) {
        n += 1;
        sheet
          .addRow({
            no: n,
            region: f.region.name,
            meeting: f.meeting.title,
            meetingDate: f.meeting.startsAt.slice(0, 10),
            decision: `${f.decision.number}. ${f.decision.text}`,
            title: f.title,
            institution: f.assignee.institution ?? '',
            person: f.assignee.name ?? '',
            dueOn: f.dueOn,
            status: FOLLOW_UP_STATUS_LABELS[f.status].id,
            overdue: f.overdue ? 'Ya' : 'Tidak',
            dropReason: f.dropReason ?? '',
          })
          .commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => {
    onError(error);
    out.destroy(error as Error);
  });
  return out;
}
