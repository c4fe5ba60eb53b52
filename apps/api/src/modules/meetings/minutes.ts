import {
  FOLLOW_UP_STATUS_LABELS,
  MEETING_KIND_LABELS,
  ZONE_ABBREVIATION,
  type Meeting,
} from '@sinergi/shared';
import { indonesianDate, indonesianDayDate } from '../../documents/indonesian-dates.ts';
import { officialDocument } from '../../documents/official-pdf.ts';
import { localClock } from './time.ts';

/** Where the meeting's government sits, for the letterhead (a district meeting uses its regency's). */
export interface MinutesLetterhead {
  governmentRegionName: string;
  governmentRegionLevel: number;
  /** The meeting's own region name, for the place of signing ("Tanjung Jabung Timur, 12 November 2024"). */
  placeName: string;
}

type Doc = PDFKit.PDFDocument;

const BODY_SIZE = 10.5;
const SMALL_SIZE = 9;

/** "KABUPATEN TANJUNG JABUNG TIMUR" → "Tanjung Jabung Timur"; "KOTA JAMBI" → "Jambi". */
export function placeName(regionName: string): string {
  return regionName
    .replace(/^(KABUPATEN|KAB\.|KOTA|PROVINSI)\s+/i, '')
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, letter: string) => `${sep}${letter.toUpperCase()}`);
}

function attendanceNote(p: Meeting['participants'][number]): string {
  if (!p.attended) return 'Tidak hadir';
  return p.representing ? `Hadir, mewakili ${p.representing}` : 'Hadir';
}

/**
 * The minutes (notulen) of a meeting as an A4 PDF in the style of Indonesian government documents:
 * the letterhead of the region's government and the organising office, the meeting's particulars
 * with the day and date in Indonesian and the local zone (WIB/WITA/WIT), the attendance list with
 * representation, the agenda, the summary, the decisions with their follow-ups, and the signatures.
 * The fonts are embedded (DejaVu), so the text reads the same everywhere and can be extracted.
 */
export async function renderMinutes(meeting: Meeting, letterhead: MinutesLetterhead): Promise<Buffer> {
  const timezone = meeting.region.timezone;
  const zone = ZONE_ABBREVIATION[timezone];
  const { doc, bytes, width } = officialDocument({
    regionName: letterhead.governmentRegionName,
    regionLevel: letterhead.governmentRegionLevel,
    office: meeting.organizer,
  });
  doc.info.Title = `Notulen ${meeting.title}`;
  doc.info.Subject = `${MEETING_KIND_LABELS[meeting.kind].id} ${meeting.region.name}`;
  const left = doc.page.margins.left;

  doc
    .font('bold')
    .fontSize(13)
    .text('NOTULEN RAPAT', left, doc.y, { align: 'center', width, underline: true });
  doc.moveDown(0.2);
  doc
    .font('regular')
    .fontSize(BODY_SIZE)
    .text(`${MEETING_KIND_LABELS[meeting.kind].id}: ${meeting.title}`, { align: 'center', width });
  doc.moveDown(1);

  const meetingDate = meeting.startsAt.slice(0, 10);
  const time = `Pukul ${localClock(meeting.startsAt, timezone)} ${zone} s.d. ${
    meeting.endsAt ? `${localClock(meeting.endsAt, timezone)} ${zone}` : 'selesai'
  }`;
  const particulars: Array<[string, string]> = [
    ['Hari/Tanggal', indonesianDayDate(meetingDate)],
    ['Waktu', time],
    ['Tempat', [meeting.venue, meeting.link].filter((v): v is string => v !== null).join(' / ') || '-'],
  ];
  if (meeting.theme) particulars.push(['Tema', meeting.theme]);
  if (meeting.chair) particulars.push(['Pimpinan Rapat', `${meeting.chair.name}, ${meeting.chair.position}`]);
  if (meeting.minutesTaker)
    particulars.push(['Notulis', `${meeting.minutesTaker.name}, ${meeting.minutesTaker.position}`]);
  const attended = meeting.participants.filter((p) => p.attended).length;
  particulars.push(['Peserta', `${attended} orang hadir dari ${meeting.participants.length} orang undangan`]);
  for (const [label, value] of particulars) keyValue(doc, label, value, width);
  if (meeting.legalBases.length > 0) {
    keyValue(
      doc,
      'Dasar Hukum',
      meeting.legalBases.map((l, i) => `${i + 1}. ${l.fullName}`).join('\n'),
      width,
    );
  }

  section(doc, 'A. AGENDA RAPAT');
  if (meeting.agenda.length === 0) paragraph(doc, '-', width);
  meeting.agenda.forEach((item, i) => numbered(doc, `${i + 1}.`, item, width));

  section(doc, 'B. DAFTAR HADIR');
  table(
    doc,
    width,
    [
      { title: 'No', share: 0.06 },
      { title: 'Nama', share: 0.24 },
      { title: 'Jabatan', share: 0.24 },
      { title: 'Instansi', share: 0.2 },
      { title: 'Keterangan', share: 0.26 },
    ],
    meeting.participants.map((p, i) => [String(i + 1), p.name, p.position, p.institution, attendanceNote(p)]),
  );

  section(doc, 'C. RINGKASAN PEMBAHASAN');
  paragraph(doc, meeting.summary ?? '-', width);

  section(doc, 'D. KEPUTUSAN DAN TINDAK LANJUT');
  if (meeting.decisions.length === 0) paragraph(doc, '-', width);
  for (const decision of meeting.decisions) {
    numbered(doc, `${decision.number}.`, decision.text, width);
    decision.followUps.forEach((f, i) => {
      const owner = [f.assignee.institution, f.assignee.name]
        .filter((v): v is string => v !== null)
        .join(' — ');
      const lines = [
        f.title,
        `Penanggung jawab: ${owner}`,
        `Batas waktu: ${indonesianDayDate(f.dueOn)}`,
        `Status: ${FOLLOW_UP_STATUS_LABELS[f.status].id}${f.dropReason ? ` (${f.dropReason})` : ''}`,
      ];
      numbered(doc, `${String.fromCharCode(97 + (i % 26))}.`, lines.join('\n'), width, 36, SMALL_SIZE + 0.5);
    });
  }

  signatures(doc, meeting, letterhead, width, meetingDate);
  footer(doc, `Notulen ${MEETING_KIND_LABELS[meeting.kind].id} — ${meeting.title}`);
  doc.end();
  return bytes;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function keyValue(doc: Doc, label: string, value: string, width: number): void {
  const left = doc.page.margins.left;
  const labelWidth = 100;
  const valueWidth = width - labelWidth - 12;
  doc.font('regular').fontSize(BODY_SIZE);
  const height = doc.heightOfString(value, { width: valueWidth });
  ensureSpace(doc, Math.min(height, 60));
  const top = doc.y;
  doc.text(label, left, top, { width: labelWidth });
  doc.text(':', left + labelWidth, top, { width: 8 });
  doc.text(value, left + labelWidth + 12, top, { width: valueWidth });
  doc.x = left;
  doc.y = Math.max(doc.y, top + doc.currentLineHeight()) + 2;
}

function section(doc: Doc, title: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.8);
  doc
    .font('bold')
    .fontSize(BODY_SIZE + 0.5)
    .text(title, doc.page.margins.left, doc.y);
  doc.moveDown(0.3);
  doc.font('regular').fontSize(BODY_SIZE);
}

function paragraph(doc: Doc, text: string, width: number): void {
  doc
    .font('regular')
    .fontSize(BODY_SIZE)
    .text(text, doc.page.margins.left, doc.y, { width, align: 'justify' });
}

function numbered(doc: Doc, marker: string, text: string, width: number, indent = 0, size = BODY_SIZE): void {
  const left = doc.page.margins.left + indent;
  const markerWidth = 20;
  doc.font('regular').fontSize(size);
  const textWidth = width - indent - markerWidth;
  ensureSpace(doc, Math.min(doc.heightOfString(text, { width: textWidth }), 80));
  const top = doc.y;
  doc.text(marker, left, top, { width: markerWidth });
  doc.text(text, left + markerWidth, top, { width: textWidth });
  doc.x = doc.page.margins.left;
  doc.y += 3;
}

/** A ruled table that breaks across pages and repeats its header on each. */
function table(
  doc: Doc,
  width: number,
  columns: Array<{ title: string; share: number }>,
  rows: string[][],
): void {
  const left = doc.page.margins.left;
  const widths = columns.map((c) => c.share * width);
  const padding = 3;
  const rowHeight = (cells: string[]) =>
    Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * padding }))) +
    2 * padding;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(SMALL_SIZE);
    const height = rowHeight(cells);
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      if (bold) doc.rect(x, top, w, height).fillAndStroke('#eeeeee', '#000000').fillColor('#000000');
      else doc.rect(x, top, w, height).lineWidth(0.5).stroke();
      doc.text(cell, x + padding, top + padding, { width: w - 2 * padding });
      x += w;
    });
    doc.x = left;
    doc.y = top + height;
  };
  const header = columns.map((c) => c.title);
  doc.font('bold').fontSize(SMALL_SIZE);
  ensureSpace(doc, rowHeight(header) + 20);
  drawRow(header, true);
  for (const row of rows) {
    doc.font('regular').fontSize(SMALL_SIZE);
    if (doc.y + rowHeight(row) > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawRow(header, true);
    }
    drawRow(row, false);
  }
  doc.font('regular').fontSize(BODY_SIZE);
}

function signatures(
  doc: Doc,
  meeting: Meeting,
  letterhead: MinutesLetterhead,
  width: number,
  meetingDate: string,
): void {
  const left = doc.page.margins.left;
  const column = width / 2;
  doc.moveDown(1.5);
  ensureSpace(doc, 130);
  const top = doc.y;
  doc.font('regular').fontSize(BODY_SIZE);
  doc.text(`${letterhead.placeName}, ${indonesianDate(meetingDate)}`, left + column, top, {
    width: column,
    align: 'center',
  });
  const block = (x: number, y: number, role: string, person: { name: string; position: string } | null) => {
    doc.font('regular').fontSize(BODY_SIZE).text(role, x, y, { width: column, align: 'center' });
    const nameY = y + 62;
    doc.font('bold').text(person?.name ?? '(.................................)', x, nameY, {
      width: column,
      align: 'center',
      underline: person !== null,
    });
    if (person) doc.font('regular').text(person.position, x, doc.y, { width: column, align: 'center' });
  };
  const rolesY = top + doc.currentLineHeight() + 4;
  block(left, rolesY, 'Notulis,', meeting.minutesTaker);
  block(left + column, rolesY, 'Pimpinan Rapat,', meeting.chair);
  doc.x = left;
}

/** Page numbers on every page ("Halaman 1 dari 3"), written once the page count is known. */
function footer(doc: Doc, title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor('#555555')
      .text(
        `${title} — Halaman ${i + 1 - range.start} dari ${range.count}`,
        doc.page.margins.left,
        doc.page.height - bottom + 18,
        {
          width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
          align: 'center',
          lineBreak: false,
        },
      )
      .fillColor('#000000');
    doc.page.margins.bottom = bottom;
  }
}
