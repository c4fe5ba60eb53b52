import type { Language } from '@sinergi/shared';

/**
 * The field page's words. Kept here rather than in the shared i18n tables so the page does not load
 * the whole app's strings on a weak signal.
 */
export const STRINGS: Record<
  Language,
  {
    title: string;
    online: string;
    offline: string;
    mine: string;
    none: string;
    loginNeeded: string;
    login: string;
    firstOnline: string;
    choose: string;
    district: string;
    village: string;
    wholeDistrict: string;
    category: string;
    severity: string;
    what: string;
    whatHint: string;
    details: string;
    when: string;
    photo: string;
    anonymous: string;
    locate: string;
    send: string;
    incomplete: string;
    summary: (queued: number, sent: number, failed: number) => string;
    state: { queued: string; sent: string; failed: string };
    status: Record<'verified' | 'handling' | 'resolved' | 'rejected' | 'duplicate', string>;
  }
> = {
  id: {
    title: 'Lapor dari lapangan',
    online: 'Daring',
    offline: 'Luring — laporan disimpan di ponsel',
    mine: 'Laporan saya',
    none: 'Belum ada laporan.',
    loginNeeded: 'Masuk dulu agar laporan dapat dikirim.',
    login: 'Masuk',
    firstOnline: 'Buka halaman ini sekali saat ada sinyal untuk memuat daftar desa.',
    choose: '— pilih —',
    district: 'Kecamatan',
    village: 'Desa/Kelurahan',
    wholeDistrict: 'Seluruh kecamatan',
    category: 'Kategori',
    severity: 'Tingkat',
    what: 'Apa yang terjadi (singkat)',
    whatHint: 'mis. Bentrokan pendukung di pasar',
    details: 'Keterangan',
    when: 'Waktu kejadian',
    photo: 'Foto (opsional)',
    anonymous: 'Kirim tanpa nama (anonim)',
    locate: 'Sertakan lokasi saya (GPS)',
    send: 'Simpan & kirim',
    incomplete: 'Lengkapi desa, kategori, tingkat dan judul (minimal 3 huruf).',
    summary: (queued, sent, failed) =>
      `${sent} terkirim, ${queued} menunggu dikirim${failed ? `, ${failed} ditolak` : ''}.`,
    state: { queued: 'Menunggu dikirim', sent: 'Terkirim', failed: 'Ditolak' },
    status: {
      verified: 'Terverifikasi',
      handling: 'Ditangani',
      resolved: 'Selesai',
      rejected: 'Ditolak operator',
      duplicate: 'Duplikat',
    },
  },
  en: {
    title: 'Report from the field',
    online: 'Online',
    offline: 'Offline — reports are kept on this phone',
    mine: 'My reports',
    none: 'No reports yet.',
    loginNeeded: 'Sign in so that reports can be sent.',
    login: 'Sign in',
    firstOnline: 'Open this page once with a signal to load the list of villages.',
    choose: '— choose —',
    district: 'District',
    village: 'Village',
    wholeDistrict: 'Whole district',
    category: 'Category',
    severity: 'Severity',
    what: 'What happened (short)',
    whatHint: 'e.g. Supporters clash at the market',
    details: 'Details',
    when: 'When it happened',
    photo: 'Photo (optional)',
    anonymous: 'Send without my name (anonymous)',
    locate: 'Include my location (GPS)',
    send: 'Save & send',
    incomplete: 'Choose village, category and severity, and write a title (3 letters or more).',
    summary: (queued, sent, failed) =>
      `${sent} sent, ${queued} waiting${failed ? `, ${failed} refused` : ''}.`,
    state: { queued: 'Waiting to send', sent: 'Sent', failed: 'Refused' },
    status: {
      verified: 'Verified',
      handling: 'Being handled',
      resolved: 'Resolved',
      rejected: 'Rejected by the operator',
      duplicate: 'Duplicate',
    },
  },
};
