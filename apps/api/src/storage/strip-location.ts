/**
 * Removes location from photos before they are stored: the GPS directory of JPEG EXIF is emptied
 * (orientation and the rest stay, so photos still display upright), XMP packets (which may repeat
 * the location) are dropped, and PNG eXIf / WebP EXIF and XMP chunks are removed.
 */
export function stripPhotoLocation(bytes: Buffer, mime: string): Buffer {
  if (mime === 'image/jpeg') return stripJpeg(bytes);
  if (mime === 'image/png') return stripPng(bytes);
  if (mime === 'image/webp') return stripWebp(bytes);
  return bytes;
}

const GPS_IFD_TAG = 0x8825;
const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

function stripJpeg(input: Buffer): Buffer {
  const out: Buffer[] = [input.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= input.length) {
    if (input[offset] !== 0xff) break;
    const marker = input[offset + 1] ?? 0;
    // Start of scan: the rest is image data.
    if (marker === 0xda) break;
    const length = input.readUInt16BE(offset + 2);
    const segment = Buffer.from(input.subarray(offset, offset + 2 + length));
    offset += 2 + length;
    if (marker === 0xe1) {
      const header = segment.subarray(4, 10).toString('latin1');
      if (header === 'Exif\0\0') {
        emptyGpsDirectory(segment, 10);
      } else {
        continue; // XMP or other APP1 payloads: dropped
      }
    }
    out.push(segment);
  }
  out.push(input.subarray(offset));
  return Buffer.concat(out);
}

/** Zeroes the GPS IFD of a TIFF structure starting at `tiff` inside `segment` (in place). */
function emptyGpsDirectory(segment: Buffer, tiff: number): void {
  if (segment.length < tiff + 8) return;
  const little = segment.toString('latin1', tiff, tiff + 2) === 'II';
  const u16 = (at: number) => (little ? segment.readUInt16LE(at) : segment.readUInt16BE(at));
  const u32 = (at: number) => (little ? segment.readUInt32LE(at) : segment.readUInt32BE(at));
  const ifd0 = tiff + u32(tiff + 4);
  if (ifd0 + 2 > segment.length) return;
  const entries = u16(ifd0);
  for (let i = 0; i < entries; i += 1) {
    const entry = ifd0 + 2 + i * 12;
    if (entry + 12 > segment.length) return;
    if (u16(entry) !== GPS_IFD_TAG) continue;
    const gps = tiff + u32(entry + 8);
    if (gps + 2 > segment.length) return;
    const gpsEntries = u16(gps);
    for (let j = 0; j < gpsEntries; j += 1) {
      const e = gps + 2 + j * 12;
      if (e + 12 > segment.length) break;
      const size = (TYPE_SIZES[u16(e + 2)] ?? 1) * u32(e + 4);
      if (size > 4) {
        const valueAt = tiff + u32(e + 8);
        if (valueAt + size <= segment.length) segment.fill(0, valueAt, valueAt + size);
      }
      segment.fill(0, e, e + 12);
    }
    segment.fill(0, gps, gps + 2); // no entries left
  }
}

function stripPng(input: Buffer): Buffer {
  const out: Buffer[] = [input.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= input.length) {
    const length = input.readUInt32BE(offset);
    const type = input.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    const chunk = input.subarray(offset, end);
    offset = end;
    if (type === 'eXIf') continue;
    if (
      (type === 'iTXt' || type === 'tEXt' || type === 'zTXt') &&
      chunk.toString('latin1', 8, 8 + 17).startsWith('XML:com.adobe.xmp')
    )
      continue;
    out.push(chunk);
  }
  out.push(input.subarray(offset));
  return Buffer.concat(out);
}

function stripWebp(input: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 12;
  while (offset + 8 <= input.length) {
    const type = input.toString('latin1', offset, offset + 4);
    const size = input.readUInt32LE(offset + 4);
    const end = Math.min(input.length, offset + 8 + size + (size % 2));
    const chunk = Buffer.from(input.subarray(offset, end));
    offset = end;
    if (type === 'EXIF' || type === 'XMP ') continue;
    // VP8X flags: bit 3 EXIF, bit 2 XMP — cleared since those chunks are gone.
    if (type === 'VP8X' && chunk.length > 8) chunk[8] = (chunk[8] ?? 0) & ~0b1100;
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.from(input.subarray(0, 12));
  header.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([header, body]);
}
