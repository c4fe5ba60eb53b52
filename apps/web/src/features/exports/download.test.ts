import { describe, expect, it } from 'vitest';
import { countHeader, CsvRecordCounter, downloadPercent, filenameFromDisposition } from './download.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function countIn(chunks: string[]): CsvRecordCounter {
  const counter = new CsvRecordCounter();
  for (const chunk of chunks) counter.push(bytes(chunk));
  counter.finish();
  return counter;
}

describe('CsvRecordCounter', () => {
  it('counts CRLF records and leaves out the header line', () => {
    const counter = countIn(['\uFEFFID laporan,Judul\r\n', 'a,Satu\r\nb,Dua\r\n']);
    expect(counter.records).toBe(3);
    expect(counter.dataRows).toBe(2);
  });

  it('does not count line breaks inside quoted cells, nor escaped quotes', () => {
    const csv = 'id,uraian\r\n1,"baris satu\r\nbaris ""dua""\nbaris tiga"\r\n2,biasa\r\n';
    expect(countIn([csv]).dataRows).toBe(2);
  });

  it('gives the same count however the stream is cut into chunks', () => {
    const csv = 'id,uraian\r\n1,"a\r\nb ""c"", d"\r\n2,"x\ny"\r\n3,z\r\n';
    const whole = countIn([csv]).dataRows;
    expect(whole).toBe(3);
    for (let cut = 1; cut < csv.length; cut += 1) {
      expect(countIn([csv.slice(0, cut), csv.slice(cut)]).dataRows).toBe(whole);
    }
    expect(countIn(csv.split('')).dataRows).toBe(whole);
  });

  it('counts a last record without a line end once the stream is finished', () => {
    expect(countIn(['id\r\n1\r\n2']).dataRows).toBe(2);
    expect(countIn(['id\r\n']).dataRows).toBe(0);
  });
});

describe('filenameFromDisposition', () => {
  it('reads the quoted, bare and RFC 5987 forms', () => {
    expect(filenameFromDisposition('attachment; filename="laporan-15.04.csv"', 'x')).toBe(
      'laporan-15.04.csv',
    );
    expect(filenameFromDisposition('attachment; filename=risk.xlsx', 'x')).toBe('risk.xlsx');
    expect(
      filenameFromDisposition(
        'attachment; filename="a.csv"; filename*=UTF-8\'\'laporan%20Bal%C3%AD.csv',
        'x',
      ),
    ).toBe('laporan Balí.csv');
  });

  it('falls back when there is no usable name, and strips path separators', () => {
    expect(filenameFromDisposition(null, 'laporan-ID.csv')).toBe('laporan-ID.csv');
    expect(filenameFromDisposition('attachment', 'laporan-ID.csv')).toBe('laporan-ID.csv');
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"', 'f')).toBe('.._.._etc_passwd');
    expect(filenameFromDisposition('attachment; filename=".."', 'f')).toBe('f');
  });
});

describe('progress', () => {
  it('reads x-export-rows strictly', () => {
    expect(countHeader('120')).toBe(120);
    expect(countHeader(null)).toBeNull();
    expect(countHeader('-1')).toBeNull();
    expect(countHeader('12abc')).toBeNull();
  });

  it('is a share of rows when the total is known, of bytes when only the length is, else unknown', () => {
    expect(downloadPercent({ bytes: 10, totalBytes: null, rows: 25, total: 100 })).toBe(25);
    expect(downloadPercent({ bytes: 10, totalBytes: null, rows: 0, total: 0 })).toBe(100);
    expect(downloadPercent({ bytes: 10, totalBytes: null, rows: 150, total: 100 })).toBe(100);
    expect(downloadPercent({ bytes: 50, totalBytes: 200, rows: null, total: 7 })).toBe(25);
    expect(downloadPercent({ bytes: 50, totalBytes: null, rows: null, total: null })).toBeNull();
    expect(downloadPercent({ bytes: 50, totalBytes: null, rows: 3, total: null })).toBeNull();
  });
});
