/** Media types Sinergi accepts as uploads, recognised by their first bytes (never by name or header). */
export const UPLOAD_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'video/mp4',
  'video/quicktime',
  'video/3gpp',
  'video/webm',
] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];

export const PHOTO_TYPES: readonly UploadType[] = ['image/jpeg', 'image/png', 'image/webp'];
export const DOCUMENT_TYPES: readonly UploadType[] = ['application/pdf'];
export const VIDEO_TYPES: readonly UploadType[] = [
  'video/mp4',
  'video/quicktime',
  'video/3gpp',
  'video/webm',
];

const ascii = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString('latin1');

/** The type of a file from its first bytes (at least 16 needed), or null when it is none we accept. */
export function sniffType(head: Buffer): UploadType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (
    head.length >= 8 &&
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 5 && ascii(head, 0, 5) === '%PDF-') return 'application/pdf';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'video/webm';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (brand === 'qt  ') return 'video/quicktime';
    if (brand.startsWith('3g')) return 'video/3gpp';
    if (
      ['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash', 'MSNV'].includes(brand)
    )
      return 'video/mp4';
  }
  return null;
}

/** Whether a declared type (from the client) names the same kind of file as the detected one. */
export function declaredMatches(declared: string | undefined, detected: UploadType): boolean {
  if (!declared || declared === 'application/octet-stream') return true;
  const normal = declared.toLowerCase().split(';')[0]?.trim() ?? '';
  if (normal === detected) return true;
  if (detected === 'image/jpeg' && normal === 'image/jpg') return true;
  // Phones label MP4-family videos loosely; the container is what matters.
  return VIDEO_TYPES.includes(detected) && VIDEO_TYPES.includes(normal as UploadType);
}
