import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStore, sniffType } from './index.ts';
import { stripPhotoLocation } from './strip-location.ts';

/** A JPEG whose EXIF has Orientation in IFD0 and a GPS directory with a latitude (big-endian TIFF). */
function jpegWithGps(): { bytes: Buffer; latitude: Buffer } {
  const latitude = Buffer.alloc(24);
  [6, 1, 12, 1, 3456, 100].forEach((v, i) => latitude.writeUInt32BE(v, i * 4)); // 6° 12' 34.56"
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 12 + 4 + 24);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 at 8
  tiff.writeUInt16BE(2, 8); // two entries
  // Orientation (0x0112), SHORT, 1, value 6
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(6, 18);
  const gpsIfd = 8 + 2 + 24 + 4;
  // GPSInfo (0x8825), LONG, 1, offset of the GPS IFD
  tiff.writeUInt16BE(0x8825, 22);
  tiff.writeUInt16BE(4, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt32BE(gpsIfd, 30);
  tiff.writeUInt32BE(0, 34); // no next IFD
  tiff.writeUInt16BE(1, gpsIfd);
  const valueAt = gpsIfd + 2 + 12 + 4;
  // GPSLatitude (2), RATIONAL, 3, at valueAt
  tiff.writeUInt16BE(2, gpsIfd + 2);
  tiff.writeUInt16BE(5, gpsIfd + 4);
  tiff.writeUInt32BE(3, gpsIfd + 6);
  tiff.writeUInt32BE(valueAt, gpsIfd + 10);
  latitude.copy(tiff, valueAt);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  const xmpBody = Buffer.from(
    'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta exif:GPSLatitude="6,12.576S"/>',
    'latin1',
  );
  const xmp = Buffer.alloc(4);
  xmp.writeUInt16BE(0xffe1, 0);
  xmp.writeUInt16BE(xmpBody.length + 2, 2);
  const scan = Buffer.from([0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0x33, 0xff, 0xd9]);
  return { bytes: Buffer.concat([Buffer.from([0xff, 0xd8]), app1, payload, xmp, xmpBody, scan]), latitude };
}

const storeDirs: string[] = [];
afterAll(() => {
  for (const dir of storeDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const tmpStore = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-store-'));
  storeDirs.push(dir);
  return createFileStore({ dir, maxBytes: 1024 * 1024 });
};

describe('file store', () => {
  it('recognises files by their first bytes, not their names', () => {
    expect(sniffType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('image/jpeg');
    expect(sniffType(Buffer.from('\0\0\0\x18ftypmp42\0\0\0\0', 'latin1'))).toBe('video/mp4');
    expect(sniffType(Buffer.from('MZ\x90\0 this is a windows program', 'latin1'))).toBeNull();
  });

  it('removes the GPS position and XMP from a photo but keeps its orientation', () => {
    const { bytes, latitude } = jpegWithGps();
    expect(bytes.includes(latitude)).toBe(true);
    const stripped = stripPhotoLocation(bytes, 'image/jpeg');
    expect(stripped.includes(latitude)).toBe(false);
    expect(stripped.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(stripped.includes(Buffer.from([0x01, 0x12, 0x00, 0x03]))).toBe(true); // Orientation entry
    expect(stripped.subarray(-9)).toEqual(bytes.subarray(-9)); // image data untouched
  });

  it('stores a file under the SHA-256 of what it keeps, and refuses disguised or oversized files', async () => {
    const store = tmpStore();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const stored = await store.put(Readable.from([pdf]), {
      allowed: ['application/pdf'],
      declaredMime: 'application/pdf',
    });
    expect(stored).toEqual({
      sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
      size: pdf.length,
      mime: 'application/pdf',
    });
    const chunks: Buffer[] = [];
    for await (const chunk of store.open(stored.sha256)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(pdf)).toBe(true);

    await expect(
      store.put(Readable.from([pdf]), { allowed: ['application/pdf'], declaredMime: 'image/jpeg' }),
    ).rejects.toMatchObject({ code: 'upload.type_mismatch' });
    await expect(
      store.put(Readable.from([Buffer.from('MZ not a pdf at all')]), { allowed: ['application/pdf'] }),
    ).rejects.toMatchObject({ code: 'upload.type_not_allowed' });
    await expect(
      store.put(Readable.from([Buffer.alloc(2048, 1)]), { allowed: ['application/pdf'], maxBytes: 1024 }),
    ).rejects.toMatchObject({ code: 'upload.too_large' });

    const photo = jpegWithGps();
    const storedPhoto = await store.put(Readable.from([photo.bytes]), { allowed: ['image/jpeg'] });
    const kept: Buffer[] = [];
    for await (const chunk of store.open(storedPhoto.sha256)) kept.push(chunk as Buffer);
    expect(Buffer.concat(kept).includes(photo.latitude)).toBe(false);
    expect(storedPhoto.sha256).toBe(crypto.createHash('sha256').update(Buffer.concat(kept)).digest('hex'));
  });
});
