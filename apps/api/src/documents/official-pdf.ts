import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
// DejaVu (free licence, full Latin coverage) is embedded so the document looks the same everywhere
// and its text can be extracted; PDF's built-in Helvetica would not be embedded.
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
};

/** "KABUPATEN BANGLI" → "PEMERINTAH KABUPATEN BANGLI"; a province "JAMBI" → "PEMERINTAH PROVINSI JAMBI". */
export function governmentName(regionName: string, level: number): string {
  const upper = regionName.toUpperCase();
  return level === 1 ? `PEMERINTAH PROVINSI ${upper}` : `PEMERINTAH ${upper}`;
}

/**
 * An A4 document in the style of Indonesian government letters: the letterhead of the region's
 * government and its office, a double rule, then the body. Returns the document and a promise of
 * its bytes (resolved once `doc.end()` is called).
 */
export function officialDocument(letterhead: {
  regionName: string;
  regionLevel: number;
  office: string;
  address?: string;
}) {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 70, right: 56 },
    bufferPages: true,
    info: { Producer: 'Sinergi' },
  });
  doc.registerFont('regular', FONT.regular);
  doc.registerFont('bold', FONT.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc
    .font('bold')
    .fontSize(13)
    .text(governmentName(letterhead.regionName, letterhead.regionLevel), { align: 'center' });
  doc.font('bold').fontSize(15).text(letterhead.office.toUpperCase(), { align: 'center' });
  if (letterhead.address) doc.font('regular').fontSize(9).text(letterhead.address, { align: 'center' });
  const y = doc.y + 6;
  doc
    .moveTo(doc.page.margins.left, y)
    .lineTo(doc.page.margins.left + width, y)
    .lineWidth(2)
    .stroke();
  doc
    .moveTo(doc.page.margins.left, y + 3)
    .lineTo(doc.page.margins.left + width, y + 3)
    .lineWidth(0.5)
    .stroke();
  doc.y = y + 16;
  doc.font('regular').fontSize(11);
  return { doc, bytes, width };
}

/** A plain ruled table that breaks across pages; column widths are fractions of the text width. */
export function table(
  doc: PDFKit.PDFDocument,
  width: number,
  columns: Array<{ title: string; share: number }>,
  rows: string[][],
): void {
  const left = doc.page.margins.left;
  const widths = columns.map((c) => c.share * width);
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    const height =
      Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: (widths[i] ?? 0) - 8 }))) + 8;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      doc.rect(x, top, w, height).lineWidth(0.5).stroke();
      doc.text(cell, x + 4, top + 4, { width: w - 8 });
      x += w;
    });
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(
    columns.map((c) => c.title),
    true,
  );
  for (const row of rows) drawRow(row, false);
  doc.moveDown(0.8);
  doc.font('regular').fontSize(11);
}

export function heading(doc: PDFKit.PDFDocument, text: string): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
  doc.moveDown(0.5).font('bold').fontSize(11).text(text, doc.page.margins.left).font('regular').moveDown(0.3);
}
