/**
 * Categories of early-warning reports (DESIGN C3). Codes are stable: they are stored in reports, sent by
 * integrations and SMS keywords map to them, so a code is never renamed, only added. Labels and the
 * severity guidance are shown on the web and the field page in both languages.
 */
export interface ReportCategory {
  code: string;
  label: { id: string; en: string };
  description: { id: string; en: string };
  /** What 1 (low) .. 4 (critical) means for this kind of event, to help the reporter choose. */
  severityGuide: { id: [string, string, string, string]; en: [string, string, string, string] };
  /** The usual severity when the reporter does not choose one (SMS). */
  defaultSeverity: 1 | 2 | 3 | 4;
  /** Words accepted in the SMS/WhatsApp format `LAPOR <village> <keyword> <text>` (upper case). */
  smsKeywords: string[];
}

export const REPORT_CATEGORIES = [
  {
    code: 'conflict_of_interest',
    label: { id: 'Konflik kepentingan', en: 'Conflict of interest' },
    description: {
      id: 'Pejabat atau penyelenggara memihak karena hubungan keluarga, usaha atau politik.',
      en: 'An official or election organiser taking sides through family, business or political ties.',
    },
    severityGuide: {
      id: [
        'Dugaan, belum ada dampak',
        'Terjadi, memengaruhi keputusan kecil',
        'Memengaruhi tahapan atau anggaran',
        'Memicu protes atau ancaman konflik terbuka',
      ],
      en: [
        'Suspected, no effect yet',
        'Happened, affects minor decisions',
        'Affects an election stage or budget',
        'Triggers protests or a threat of open conflict',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['KEPENTINGAN', 'KKN'],
  },
  {
    code: 'inter_party_conflict',
    label: { id: 'Konflik antarpartai politik', en: 'Inter-party conflict' },
    description: {
      id: 'Perselisihan antarpartai atau antarkader, termasuk perebutan atribut dan wilayah kampanye.',
      en: 'Disputes between parties or their cadres, including over campaign props and territory.',
    },
    severityGuide: {
      id: [
        'Saling sindir, adu argumen',
        'Perusakan atribut, adu mulut di lapangan',
        'Pengerahan massa atau ancaman kekerasan',
        'Kekerasan fisik atau bentrokan',
      ],
      en: [
        'Taunts, arguments',
        'Props damaged, shouting matches on the ground',
        'Crowds mobilised or violence threatened',
        'Physical violence or clashes',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['PARTAI', 'KONFLIK'],
  },
  {
    code: 'supporter_clash',
    label: { id: 'Bentrokan antarpendukung paslon', en: 'Clash between supporters of candidate pairs' },
    description: {
      id: 'Gesekan atau bentrokan antara pendukung pasangan calon.',
      en: 'Friction or clashes between supporters of candidate pairs.',
    },
    severityGuide: {
      id: [
        'Ketegangan, provokasi di media sosial',
        'Adu mulut, saling hadang',
        'Bentrokan kecil, ada korban luka ringan',
        'Bentrokan massal, korban luka berat atau jiwa, perusakan',
      ],
      en: [
        'Tension, provocation on social media',
        'Shouting, blocking each other',
        'Small clash, minor injuries',
        'Mass clash, serious injuries or deaths, destruction',
      ],
    },
    defaultSeverity: 3,
    smsKeywords: ['BENTROK', 'BENTROKAN', 'PENDUKUNG'],
  },
  {
    code: 'money_politics',
    label: { id: 'Politik uang', en: 'Money politics' },
    description: {
      id: 'Pemberian uang, barang atau janji untuk memengaruhi pilihan pemilih atau penyelenggara.',
      en: 'Money, goods or promises given to sway voters or election organisers.',
    },
    severityGuide: {
      id: [
        'Isu atau kabar tanpa bukti',
        'Ada bukti pemberian kepada perorangan',
        'Terstruktur, sistematis atau massal',
        'Melibatkan penyelenggara atau memicu konflik',
      ],
      en: [
        'Rumour without evidence',
        'Evidence of gifts to individuals',
        'Structured, systematic or massive',
        'Involves election organisers or triggers conflict',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['UANG', 'POLITIKUANG', 'SERANGANFAJAR'],
  },
  {
    code: 'neutrality_violation',
    label: {
      id: 'Pelanggaran netralitas (ASN/TNI/Polri/kepala desa)',
      en: 'Neutrality violation (civil servants, TNI, Polri, village heads)',
    },
    description: {
      id: 'ASN, anggota TNI/Polri atau kepala desa berpihak kepada peserta pemilihan.',
      en: 'Civil servants, military or police members or village heads taking sides.',
    },
    severityGuide: {
      id: [
        'Unggahan atau dukungan di media sosial',
        'Hadir atau ikut dalam kegiatan kampanye',
        'Menggunakan jabatan, fasilitas atau anggaran',
        'Mengerahkan bawahan atau warga secara terstruktur',
      ],
      en: [
        'Posts or support on social media',
        'Attends or joins campaign events',
        'Uses office, facilities or budget',
        'Mobilises subordinates or residents systematically',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['NETRALITAS', 'ASN', 'NETRAL'],
  },
  {
    code: 'hate_speech_hoax',
    label: { id: 'Ujaran kebencian, hoaks, polarisasi SARA', en: 'Hate speech, hoaxes, SARA polarisation' },
    description: {
      id: 'Ujaran kebencian, berita bohong atau polarisasi berbasis suku, agama, ras dan antargolongan.',
      en: 'Hate speech, false news or polarisation along ethnic, religious, racial or group lines.',
    },
    severityGuide: {
      id: [
        'Beredar terbatas',
        'Menyebar luas di media sosial atau grup',
        'Memicu keresahan warga atau kelompok',
        'Memicu pengerahan massa atau kekerasan',
      ],
      en: [
        'Limited circulation',
        'Spreading widely on social media or groups',
        'Causing unrest among residents or groups',
        'Triggering mobilisation or violence',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['HOAKS', 'HOAX', 'SARA', 'KEBENCIAN'],
  },
  {
    code: 'intimidation_violence',
    label: { id: 'Intimidasi atau kekerasan', en: 'Intimidation or violence' },
    description: {
      id: 'Ancaman, intimidasi atau kekerasan terhadap pemilih, peserta atau penyelenggara.',
      en: 'Threats, intimidation or violence against voters, candidates or organisers.',
    },
    severityGuide: {
      id: [
        'Ancaman verbal',
        'Intimidasi berulang atau terhadap kelompok',
        'Kekerasan fisik, perusakan',
        'Korban luka berat atau jiwa, senjata',
      ],
      en: [
        'Verbal threats',
        'Repeated intimidation or against a group',
        'Physical violence, destruction',
        'Serious injuries or deaths, weapons',
      ],
    },
    defaultSeverity: 3,
    smsKeywords: ['INTIMIDASI', 'KEKERASAN', 'ANCAMAN'],
  },
  {
    code: 'demonstration',
    label: { id: 'Unjuk rasa atau pengerahan massa', en: 'Demonstration or mass mobilisation' },
    description: {
      id: 'Unjuk rasa, pendudukan kantor atau pengerahan massa terkait pemilihan.',
      en: 'Protests, office occupations or crowds mobilised over the election.',
    },
    severityGuide: {
      id: [
        'Rencana aksi, kecil dan damai',
        'Aksi berlangsung, tertib',
        'Aksi besar, memanas atau menutup akses',
        'Ricuh, perusakan atau bentrokan dengan aparat',
      ],
      en: [
        'Planned, small and peaceful',
        'Under way, orderly',
        'Large, heated or blocking access',
        'Riot, destruction or clashes with security forces',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['DEMO', 'UNJUKRASA', 'MASSA'],
  },
  {
    code: 'logistics_disruption',
    label: { id: 'Gangguan logistik pemilihan', en: 'Election logistics disruption' },
    description: {
      id: 'Keterlambatan, kekurangan, kerusakan atau penghadangan logistik pemilihan.',
      en: 'Election materials late, short, damaged or blocked.',
    },
    severityGuide: {
      id: [
        'Keterlambatan kecil, masih sesuai jadwal',
        'Kekurangan atau kerusakan di beberapa TPS',
        'Mengancam pemungutan suara di banyak TPS',
        'Pemungutan suara tertunda atau logistik dirampas',
      ],
      en: [
        'Small delay, still on schedule',
        'Shortage or damage at a few polling stations',
        'Threatens voting at many polling stations',
        'Voting delayed or materials seized',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['LOGISTIK'],
  },
  {
    code: 'election_administration',
    label: { id: 'Masalah administrasi pemilihan', en: 'Election administration problem' },
    description: {
      id: 'Masalah daftar pemilih, petugas KPPS, rekapitulasi atau prosedur pemilihan.',
      en: 'Problems with voter lists, polling staff, tallying or election procedures.',
    },
    severityGuide: {
      id: [
        'Kesalahan kecil, dapat diperbaiki',
        'Banyak pemilih terdampak',
        'Memicu protes peserta atau penyelenggara',
        'Mengancam keabsahan hasil',
      ],
      en: [
        'Minor error, can be fixed',
        'Many voters affected',
        'Triggers protests by candidates or organisers',
        'Threatens the validity of the result',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['ADMINISTRASI', 'DPT', 'KPPS', 'TPS'],
  },
  {
    code: 'natural_disaster',
    label: { id: 'Ancaman bencana alam', en: 'Natural-disaster threat' },
    description: {
      id: 'Banjir, longsor, kebakaran atau bencana lain yang mengancam tahapan atau warga.',
      en: 'Floods, landslides, fires or other disasters threatening an election stage or residents.',
    },
    severityGuide: {
      id: [
        'Peringatan dini',
        'Bencana terjadi, dampak lokal',
        'Akses atau TPS terdampak',
        'Pengungsian, korban, tahapan terhenti',
      ],
      en: [
        'Early warning',
        'Disaster under way, local impact',
        'Access or polling stations affected',
        'Evacuation, casualties, stage halted',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['BENCANA', 'BANJIR', 'LONGSOR'],
  },
  {
    code: 'dispute',
    label: { id: 'Sengketa', en: 'Dispute' },
    description: {
      id: 'Sengketa proses atau hasil pemilihan, lahan, batas wilayah atau lainnya yang memanas.',
      en: 'Disputes over the election process or results, land, boundaries or other matters heating up.',
    },
    severityGuide: {
      id: [
        'Keberatan disampaikan',
        'Sengketa terbuka antar pihak',
        'Pengerahan massa atau ancaman',
        'Kekerasan atau perusakan',
      ],
      en: [
        'Objection raised',
        'Open dispute between parties',
        'Crowds mobilised or threats made',
        'Violence or destruction',
      ],
    },
    defaultSeverity: 2,
    smsKeywords: ['SENGKETA'],
  },
  {
    code: 'other',
    label: { id: 'Lainnya', en: 'Other' },
    description: {
      id: 'Potensi gangguan lain terhadap ketenteraman dan ketertiban.',
      en: 'Any other potential threat to peace and order.',
    },
    severityGuide: {
      id: ['Rendah', 'Sedang', 'Tinggi', 'Kritis'],
      en: ['Low', 'Medium', 'High', 'Critical'],
    },
    defaultSeverity: 1,
    smsKeywords: ['LAIN', 'LAINNYA'],
  },
] as const satisfies readonly ReportCategory[];

export const REPORT_CATEGORY_CODES = REPORT_CATEGORIES.map((c) => c.code) as [
  ReportCategoryCode,
  ...ReportCategoryCode[],
];
export type ReportCategoryCode = (typeof REPORT_CATEGORIES)[number]['code'];

const BY_CODE = new Map<string, ReportCategory>(REPORT_CATEGORIES.map((c) => [c.code, c]));
const BY_KEYWORD = new Map<string, ReportCategory>(
  REPORT_CATEGORIES.flatMap((c) => c.smsKeywords.map((k) => [k, c] as const)),
);

export function reportCategory(code: string): ReportCategory | undefined {
  return BY_CODE.get(code);
}

/** The category an SMS keyword (any case) or a category code names. */
export function reportCategoryByKeyword(word: string): ReportCategory | undefined {
  const upper = word.toUpperCase();
  return BY_KEYWORD.get(upper) ?? BY_CODE.get(word.toLowerCase());
}

export const REPORT_SEVERITIES = [1, 2, 3, 4] as const;
export type ReportSeverity = (typeof REPORT_SEVERITIES)[number];
export const SEVERITY_LABELS: Record<ReportSeverity, { id: string; en: string }> = {
  1: { id: 'Rendah', en: 'Low' },
  2: { id: 'Sedang', en: 'Medium' },
  3: { id: 'Tinggi', en: 'High' },
  4: { id: 'Kritis', en: 'Critical' },
};

export const REPORT_STATUSES = ['new', 'verified', 'handling', 'resolved', 'rejected', 'duplicate'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The status machine: new -> verified | rejected | duplicate; verified -> handling -> resolved. */
export const REPORT_TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  new: ['verified', 'rejected', 'duplicate'],
  verified: ['handling'],
  handling: ['resolved'],
  resolved: [],
  rejected: [],
  duplicate: [],
};

export const REPORT_STATUS_LABELS: Record<ReportStatus, { id: string; en: string }> = {
  new: { id: 'Baru', en: 'New' },
  verified: { id: 'Terverifikasi', en: 'Verified' },
  handling: { id: 'Ditangani', en: 'Being handled' },
  resolved: { id: 'Selesai', en: 'Resolved' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  duplicate: { id: 'Duplikat', en: 'Duplicate' },
};

/** How a report came in. `public` is the anonymous public form; sms/whatsapp the gateway. */
export const REPORT_CHANNELS = ['web', 'mobile', 'api', 'batch', 'sms', 'whatsapp', 'public'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
/** Channels a signed-in client may name itself; the others are set by their own routes. */
export const CLIENT_REPORT_CHANNELS = ['web', 'mobile', 'api', 'batch'] as const;
