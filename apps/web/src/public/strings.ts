import type { Language, ReportStatus } from '@sinergi/shared';

/**
 * The public report page's words. Kept here rather than in the shared i18n tables (like the field
 * page's) so the page does not load the whole app's strings on a weak signal.
 */
export const STRINGS: Record<
  Language,
  {
    title: string;
    intro: string;
    otherLanguage: string;
    tabReport: string;
    tabTrack: string;
    anonymous: string;
    place: string;
    levels: [string, string, string, string];
    choose: string;
    wholeDistrict: string;
    loading: string;
    retry: string;
    noPlaces: string;
    category: string;
    severity: string;
    severityUnknown: string;
    severityHelp: string;
    when: string;
    what: string;
    whatHint: string;
    description: string;
    descriptionHint: string;
    send: string;
    sending: string;
    missing: string;
    missingPlace: string;
    future: string;
    network: string;
    checkField: string;
    received: string;
    yourCode: string;
    copy: string;
    copied: string;
    keepCode: string;
    trackNow: string;
    another: string;
    trackIntro: string;
    code: string;
    check: string;
    codeFormat: string;
    codeUnknown: string;
    statusOf: (code: string) => string;
    status: Record<ReportStatus, string>;
    signIn: string;
  }
> = {
  id: {
    title: 'Lapor sebagai warga',
    intro:
      'Laporkan potensi konflik, politik uang, hoaks, intimidasi atau masalah pemilu di sekitar Anda kepada Kesbangpol dan Forkopimda.',
    otherLanguage: 'English',
    tabReport: 'Buat laporan',
    tabTrack: 'Cek status',
    anonymous:
      'Laporan ini tanpa nama: kami tidak meminta nama, nomor telepon atau akun Anda. Jangan menulis data pribadi siapa pun.',
    place: 'Tempat kejadian',
    levels: ['Provinsi', 'Kabupaten/Kota', 'Kecamatan', 'Desa/Kelurahan'],
    choose: '— pilih —',
    wholeDistrict: 'Seluruh kecamatan',
    loading: 'Memuat…',
    retry: 'Coba lagi',
    noPlaces: 'Pelaporan oleh warga belum dibuka di wilayah mana pun.',
    category: 'Jenis kejadian',
    severity: 'Seberapa serius? (boleh dilewati)',
    severityUnknown: 'Tidak tahu',
    severityHelp: 'Pilih jenis kejadian untuk melihat penjelasan tiap tingkat.',
    when: 'Waktu kejadian',
    what: 'Apa yang terjadi (singkat)',
    whatHint: 'mis. Pembagian amplop di dekat TPS',
    description: 'Ceritakan kejadiannya',
    descriptionHint: 'Siapa, apa, di mana tepatnya, berapa orang, apakah masih berlangsung.',
    send: 'Kirim laporan',
    sending: 'Mengirim…',
    missing: 'Lengkapi tempat, jenis kejadian, judul (minimal 3 huruf) dan cerita kejadian.',
    missingPlace: 'Pilih tempat kejadian sampai desa/kelurahan atau kecamatan.',
    future: 'Waktu kejadian tidak boleh di masa depan.',
    network:
      'Tidak ada sambungan ke server. Laporan belum tentu terkirim: tekan Kirim lagi saat ada sinyal — laporan yang sama tidak akan tercatat dua kali.',
    checkField: 'Periksa isian ini',
    received: 'Laporan Anda sudah diterima',
    yourCode: 'Kode pelacakan Anda',
    copy: 'Salin kode',
    copied: 'Kode disalin.',
    keepCode:
      'Catat atau simpan kode ini: hanya dengan kode ini Anda dapat melihat perkembangan laporan, di bagian "Cek status" halaman ini (alamat /lapor/lacak). Kode tidak dapat dikirim ulang karena kami tidak menyimpan identitas Anda.',
    trackNow: 'Cek status sekarang',
    another: 'Buat laporan lain',
    trackIntro: 'Masukkan kode pelacakan yang Anda terima saat mengirim laporan.',
    code: 'Kode pelacakan',
    check: 'Cek',
    codeFormat: 'Kode terdiri dari 8 huruf dan angka, misalnya K7QM-3XWD.',
    codeUnknown: 'Kode tidak ditemukan. Periksa kembali penulisannya.',
    statusOf: (code) => `Status laporan ${code}`,
    status: {
      new: 'Laporan sudah diterima dan menunggu diperiksa petugas Kesbangpol.',
      verified: 'Petugas sudah memeriksa laporan ini dan menyatakannya benar terjadi.',
      handling: 'Laporan ini sedang ditindaklanjuti oleh pihak yang berwenang.',
      resolved: 'Penanganan laporan ini sudah selesai.',
      rejected: 'Setelah diperiksa, laporan ini tidak dapat ditindaklanjuti.',
      duplicate: 'Kejadian ini sudah dilaporkan orang lain; laporan Anda digabung dengan laporan tersebut.',
    },
    signIn: 'Petugas? Masuk',
  },
  en: {
    title: 'Report as a citizen',
    intro:
      'Report possible conflict, money politics, hoaxes, intimidation or election problems around you to Kesbangpol and the Forkopimda.',
    otherLanguage: 'Bahasa Indonesia',
    tabReport: 'New report',
    tabTrack: 'Check status',
    anonymous:
      'This report is anonymous: we do not ask for your name, phone number or an account. Do not write anyone’s personal data.',
    place: 'Where it happened',
    levels: ['Province', 'Regency/City', 'District', 'Village'],
    choose: '— choose —',
    wholeDistrict: 'Whole district',
    loading: 'Loading…',
    retry: 'Try again',
    noPlaces: 'Public reporting is not open in any region yet.',
    category: 'Kind of event',
    severity: 'How serious? (optional)',
    severityUnknown: 'Not sure',
    severityHelp: 'Choose the kind of event to see what each level means.',
    when: 'When it happened',
    what: 'What happened (short)',
    whatHint: 'e.g. Envelopes of money handed out near a polling station',
    description: 'Tell what happened',
    descriptionHint: 'Who, what, where exactly, how many people, whether it is still going on.',
    send: 'Send report',
    sending: 'Sending…',
    missing: 'Fill in the place, the kind of event, a title (3 letters or more) and what happened.',
    missingPlace: 'Choose the place down to the village or the district.',
    future: 'The time of the event cannot be in the future.',
    network:
      'No connection to the server. The report may not have arrived: press Send again when there is a signal — the same report is never recorded twice.',
    checkField: 'Check this field',
    received: 'Your report has been received',
    yourCode: 'Your tracking code',
    copy: 'Copy code',
    copied: 'Code copied.',
    keepCode:
      'Write down or save this code: only with it can you follow your report, under "Check status" on this page (address /lapor/lacak). It cannot be sent to you again, because we keep no identity of yours.',
    trackNow: 'Check status now',
    another: 'Make another report',
    trackIntro: 'Enter the tracking code you received when you sent your report.',
    code: 'Tracking code',
    check: 'Check',
    codeFormat: 'The code has 8 letters and digits, e.g. K7QM-3XWD.',
    codeUnknown: 'Code not found. Check how it is written.',
    statusOf: (code) => `Status of report ${code}`,
    status: {
      new: 'The report has arrived and waits to be checked by a Kesbangpol officer.',
      verified: 'An officer has checked this report and confirmed that it happened.',
      handling: 'The authorities are acting on this report.',
      resolved: 'The handling of this report is finished.',
      rejected: 'After checking, this report could not be acted on.',
      duplicate: 'Someone else reported the same event; your report was joined to theirs.',
    },
    signIn: 'Officer? Sign in',
  },
};
