import ExcelJS from 'exceljs';
import { reportCategory, SEVERITY_LABELS, type Sitrep, type TimeZoneId } from '@sinergi/shared';
import { indonesianDate, indonesianDateTime } from '../../documents/indonesian-dates.ts';
import { heading, officialDocument, table } from '../../documents/official-pdf.ts';

const STATUS_LABEL: Record<string, string> = {
  draft: 'Draf',
  submitted: 'Terkirim',
  acknowledged: 'Diterima',
  returned: 'Dikembalikan',
  superseded: 'Digantikan versi baru',
};
const LEVEL_LABEL: Record<string, string> = { low: 'Rendah', medium: 'Sedang', high: 'Tinggi' };
const label = (code: string) => reportCategory(code)?.label.id ?? code;
const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${value.toFixed(1)}%`;
const NO_DATA = 'Tidak ada data.';

export interface SitrepDocuments {
  pdf(sitrep: Sitrep): Promise<Buffer>;
  xlsx(sitrep: Sitrep): Promise<Buffer>;
}

/** The sitrep as an official Indonesian document (PDF) and as a workbook (XLSX) of its figures. */
export function createSitrepDocuments(): SitrepDocuments {
  return {
    async pdf(sitrep) {
      const f = sitrep.figures;
      const timezone = f.region.timezone as TimeZoneId;
      const { doc, bytes, width } = officialDocument({
        regionName: f.region.name,
        regionLevel: f.region.level,
        office: 'Badan Kesatuan Bangsa dan Politik',
      });
      doc.font('bold').fontSize(13).text('LAPORAN SITUASI (KONDISI AKTUAL) DAERAH', { align: 'center' });
      doc
        .font('regular')
        .fontSize(11)
        .text(`Periode ${indonesianDate(sitrep.periodStart)} s.d. ${indonesianDate(sitrep.periodEnd)}`, {
          align: 'center',
        });
      doc
        .fontSize(9)
        .text(
          `Versi ${sitrep.version} · ${STATUS_LABEL[sitrep.status] ?? sitrep.status} · disusun ${indonesianDateTime(new Date(f.compiledAt), timezone)}`,
          { align: 'center' },
        );
      doc.moveDown();

      heading(doc, 'A. Tahapan pemilihan');
      doc.text(
        f.stage
          ? `${f.stage.election}: tahapan ${f.stage.name}.`
          : 'Tidak ada tahapan pemilihan yang sedang berjalan.',
      );

      heading(doc, 'B. Laporan kewaspadaan dini');
      if (!f.reports) doc.text(NO_DATA);
      else {
        doc.text(
          `Jumlah laporan: ${f.reports.total}. Menurut tingkat: ${[1, 2, 3, 4].map((s) => `${SEVERITY_LABELS[s as 1].id} ${f.reports?.bySeverity[String(s)] ?? 0}`).join(', ')}.`,
        );
        if (f.reports.byCategory.length > 0) {
          table(
            doc,
            width,
            [
              { title: 'Kategori', share: 0.6 },
              { title: 'Jumlah', share: 0.2 },
              { title: 'Tinggi/kritis', share: 0.2 },
            ],
            f.reports.byCategory.map((c) => [label(c.category), String(c.total), String(c.high)]),
          );
        }
      }

      heading(doc, 'C. Peringatan dan tingkat kerawanan');
      doc.text(f.alerts ? `Peringatan terbuka: ${f.alerts.open}.` : NO_DATA);
      for (const alert of f.alerts?.items ?? [])
        doc.text(
          `• ${alert.title} (${alert.regionName}, ${indonesianDateTime(new Date(alert.openedAt), timezone)})`,
        );
      if (f.risk) {
        const change =
          f.risk.previousLevel && f.risk.previousLevel !== f.risk.level
            ? ` (sebelumnya ${LEVEL_LABEL[f.risk.previousLevel] ?? f.risk.previousLevel})`
            : '';
        doc.text(
          `Indeks kerawanan: ${f.risk.score.toFixed(1)}, tingkat ${LEVEL_LABEL[f.risk.level] ?? f.risk.level}${change}.`,
        );
      }

      heading(doc, 'D. Rapat koordinasi dan tindak lanjut');
      if (!f.meetings) doc.text(NO_DATA);
      else {
        doc.text(
          `Rapat yang dilaksanakan: ${f.meetings.held}. Tindak lanjut terbuka: ${f.meetings.followUpsOpen}, melewati tenggat: ${f.meetings.followUpsOverdue}.`,
        );
        for (const m of f.meetings.items)
          doc.text(`• ${m.title} — ${indonesianDateTime(new Date(m.startsAt), timezone)}`);
      }

      heading(doc, 'E. Netralitas ASN (fakta integritas)');
      if (!f.pledges || f.pledges.campaigns.length === 0) doc.text(NO_DATA);
      else {
        table(
          doc,
          width,
          [
            { title: 'Kampanye', share: 0.45 },
            { title: 'Tenggat', share: 0.25 },
            { title: 'Kepatuhan', share: 0.15 },
            { title: 'Terlambat', share: 0.15 },
          ],
          f.pledges.campaigns.map((c) => [
            c.title,
            indonesianDate(c.deadline),
            pct(c.compliancePct),
            String(c.overdue),
          ]),
        );
      }

      heading(doc, 'F. Kesiapan');
      if (!f.readiness) doc.text(NO_DATA);
      else
        doc.text(
          `Kesiapan keseluruhan: ${pct(f.readiness.overallPct)}. ${f.readiness.areas.map((a) => `${a.area}: ${pct(a.pct)}`).join('; ')}.`,
        );

      if (f.children.length > 0) {
        heading(doc, 'G. Laporan kabupaten/kota');
        table(
          doc,
          width,
          [
            { title: 'Kabupaten/Kota', share: 0.45 },
            { title: 'Status', share: 0.25 },
            { title: 'Laporan', share: 0.15 },
            { title: 'Kerawanan', share: 0.15 },
          ],
          f.children.map((c) => [
            c.name,
            c.submittedAt
              ? `Versi ${c.version}, ${indonesianDate(c.submittedAt.slice(0, 10))}`
              : 'Belum melapor',
            c.reportsTotal === null ? '–' : String(c.reportsTotal),
            c.riskLevel ? (LEVEL_LABEL[c.riskLevel] ?? c.riskLevel) : '–',
          ]),
        );
      }

      heading(doc, 'H. Uraian');
      doc.text(sitrep.narrative.trim() || '–', { align: 'justify' });

      doc.moveDown(2);
      const signX = doc.page.margins.left + width * 0.55;
      doc.text(
        `${f.region.name}, ${indonesianDate((sitrep.submittedAt ?? f.compiledAt).slice(0, 10))}`,
        signX,
        doc.y,
        { width: width * 0.45 },
      );
      doc.text('Kepala Badan Kesatuan Bangsa dan Politik', signX, doc.y, { width: width * 0.45 });
      doc.moveDown(3);
      doc.text(`(${sitrep.createdBy})`, signX, doc.y, { width: width * 0.45 });
      doc.end();
      return bytes;
    },

    async xlsx(sitrep) {
      const f = sitrep.figures;
      const book = new ExcelJS.Workbook();
      book.creator = 'Sinergi';
      const summary = book.addWorksheet('Ringkasan');
      summary.columns = [{ width: 36 }, { width: 60 }];
      summary.addRows([
        ['Wilayah', `${f.region.name} (${f.region.code})`],
        ['Periode', `${sitrep.periodStart} s.d. ${sitrep.periodEnd}`],
        ['Versi', sitrep.version],
        ['Status', STATUS_LABEL[sitrep.status] ?? sitrep.status],
        ['Tahapan', f.stage ? `${f.stage.election}: ${f.stage.name}` : '–'],
        ['Jumlah laporan', f.reports?.total ?? '–'],
        ['Peringatan terbuka', f.alerts?.open ?? '–'],
        [
          'Indeks kerawanan',
          f.risk ? `${f.risk.score.toFixed(1)} (${LEVEL_LABEL[f.risk.level] ?? f.risk.level})` : '–',
        ],
        ['Rapat dilaksanakan', f.meetings?.held ?? '–'],
        [
          'Tindak lanjut terbuka / terlambat',
          f.meetings ? `${f.meetings.followUpsOpen} / ${f.meetings.followUpsOverdue}` : '–',
        ],
        ['Kesiapan keseluruhan', pct(f.readiness?.overallPct)],
        ['Uraian', sitrep.narrative],
      ]);
      summary.getColumn(1).font = { bold: true };
      const categories = book.addWorksheet('Laporan per kategori');
      categories.columns = [
        { header: 'Kategori', width: 40 },
        { header: 'Kode', width: 28 },
        { header: 'Jumlah', width: 10 },
        { header: 'Tinggi/kritis', width: 14 },
      ];
      for (const c of f.reports?.byCategory ?? [])
        categories.addRow([label(c.category), c.category, c.total, c.high]);
      const pledges = book.addWorksheet('Fakta integritas');
      pledges.columns = [
        { header: 'Kampanye', width: 40 },
        { header: 'Tenggat', width: 14 },
        { header: 'Kepatuhan (%)', width: 14 },
        { header: 'Terlambat', width: 12 },
      ];
      for (const c of f.pledges?.campaigns ?? [])
        pledges.addRow([c.title, c.deadline, c.compliancePct, c.overdue]);
      if (f.children.length > 0) {
        const children = book.addWorksheet('Kabupaten-Kota');
        children.columns = [
          { header: 'Kode', width: 10 },
          { header: 'Kabupaten/Kota', width: 36 },
          { header: 'Versi', width: 8 },
          { header: 'Dikirim', width: 24 },
          { header: 'Laporan', width: 10 },
          { header: 'Kerawanan', width: 12 },
        ];
        for (const c of f.children)
          children.addRow([c.regionCode, c.name, c.version, c.submittedAt, c.reportsTotal, c.riskLevel]);
      }
      for (const sheet of book.worksheets) sheet.getRow(1).font = { bold: true };
      return Buffer.from(await book.xlsx.writeBuffer());
    },
  };
}
