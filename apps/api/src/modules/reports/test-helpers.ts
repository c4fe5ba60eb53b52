import crypto from 'node:crypto';
import type { ReportCreate } from '@sinergi/shared';

/** Villages and districts of the demo regencies used by the tests (codes from idn-area-data). */
export const PLACES = {
  /** Batanghari (15.04), district Mersam (15.04.01) and one of its villages. */
  batanghariDistrict: '15.04.01',
  /** Sengkati Kecil, a name found once in the whole country. */
  batanghariVillage: '15.04.01.2002',
  batanghariVillage2: '15.04.01.2003',
  /** Banyuasin (16.07): another province, outside a Batanghari user's scope. */
  banyuasinVillage: '16.07.01.2001',
  banyuasinDistrict: '16.07.01',
} as const;

let counter = 0;

/** A valid report body; `overrides` change single fields. */
export function reportBody(overrides: Partial<ReportCreate> & Record<string, unknown> = {}): ReportCreate {
  counter += 1;
  return {
    id: crypto.randomUUID(),
    regionCode: PLACES.batanghariVillage,
    occurredAt: '2024-11-26T21:30:00+07:00',
    category: 'money_politics',
    severity: 3,
    title: `Pembagian amplop menjelang pencoblosan ${counter}`,
    description: 'Tim sukses membagikan amplop berisi uang kepada warga pada malam hari.',
    location: { lat: -1.71, lon: 103.12 },
    ...overrides,
  };
}

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart/form-data body with one file part, for app.inject. */
export function multipartFile(
  content: Buffer,
  options: { field?: string; filename?: string; contentType?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----sinergi${crypto.randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; ` +
    `filename="${options.filename ?? 'foto.png'}"\r\nContent-Type: ${options.contentType ?? 'image/png'}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
