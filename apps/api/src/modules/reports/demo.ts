import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { ReportStatus, Role } from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/index.ts';
import type { Actor } from '../../http/actor.ts';
import type { ReportService } from './service.ts';
import type { ReportTables } from './tables.ts';

interface Scenario {
  category: string;
  severity: 1 | 2 | 3 | 4;
  title: string;
  /** `{place}` becomes the village name. */
  description: string;
  status: ReportStatus;
  anonymous?: boolean;
}

/** What Kesbangpol offices heard around the Pilkada of 27 November 2024 (see shared/reference). */
const SCENARIOS: Scenario[] = [
  {
    category: 'money_politics',
    severity: 3,
    title: 'Dugaan pembagian uang menjelang hari pemungutan suara',
    description:
      'Warga {place} melaporkan tim sukses membagikan amplop berisi uang Rp100.000 dari rumah ke rumah pada malam hari. Dua warga bersedia menjadi saksi.',
    status: 'verified',
  },
  {
    category: 'supporter_clash',
    severity: 4,
    title: 'Bentrokan pendukung paslon usai kampanye akbar',
    description:
      'Massa pendukung dua pasangan calon saling lempar batu di jalan poros {place} setelah kampanye akbar. Tiga orang luka ringan, aparat Polsek sudah di lokasi.',
    status: 'handling',
  },
  {
    category: 'neutrality_violation',
    severity: 2,
    title: 'Kepala desa hadir dalam kampanye salah satu paslon',
    description:
      'Kepala desa {place} terlihat berorasi di panggung kampanye dan mengajak warga memilih salah satu pasangan calon. Foto kegiatan beredar di grup WhatsApp.',
    status: 'verified',
  },
  {
    category: 'hate_speech_hoax',
    severity: 2,
    title: 'Hoaks surat suara sudah dicoblos beredar di grup WhatsApp',
    description:
      'Pesan berantai menyebut surat suara di {place} sudah dicoblos sebelum hari pemungutan suara. KPU kabupaten menyatakan informasi itu tidak benar.',
    status: 'resolved',
  },
  {
    category: 'logistics_disruption',
    severity: 3,
    title: 'Logistik pemilihan terlambat karena jalan terputus',
    description:
      'Kotak dan surat suara untuk TPS di {place} belum tiba karena jalan terputus akibat banjir. Distribusi dialihkan lewat sungai dengan pengawalan Polri.',
    status: 'handling',
  },
  {
    category: 'demonstration',
    severity: 2,
    title: 'Unjuk rasa di depan kantor KPU menuntut penghitungan ulang',
    description:
      'Sekitar dua ratus orang dari {place} berunjuk rasa damai menuntut penghitungan ulang di beberapa TPS. Pengamanan oleh Polres dan Kodim berjalan tertib.',
    status: 'verified',
  },
  {
    category: 'intimidation_violence',
    severity: 3,
    title: 'Intimidasi terhadap anggota KPPS',
    description:
      'Anggota KPPS di {place} didatangi sekelompok orang yang meminta hasil penghitungan diubah. Kejadian sudah dilaporkan ke Bawaslu dan Polsek.',
    status: 'new',
    anonymous: true,
  },
  {
    category: 'election_administration',
    severity: 2,
    title: 'Warga tidak terdaftar dalam DPT',
    description:
      'Puluhan warga {place} yang sudah berusia 17 tahun tidak tercantum dalam daftar pemilih tetap dan belum menerima undangan memilih.',
    status: 'rejected',
  },
  {
    category: 'natural_disaster',
    severity: 2,
    title: 'Peringatan banjir menjelang pemungutan suara',
    description:
      'Debit sungai di {place} naik setelah hujan deras dua hari. Dua TPS berada di dataran rendah dan mungkin perlu dipindahkan.',
    status: 'new',
  },
  {
    category: 'inter_party_conflict',
    severity: 2,
    title: 'Perusakan baliho dan atribut partai',
    description:
      'Baliho dan bendera partai di simpang {place} dirobek pada malam hari. Kader kedua partai sempat adu mulut di lokasi.',
    status: 'new',
  },
  {
    category: 'conflict_of_interest',
    severity: 2,
    title: 'Pengadaan logistik oleh kerabat calon',
    description:
      'Pemenang pengadaan alat peraga sosialisasi di {place} diduga masih kerabat salah satu calon bupati.',
    status: 'new',
  },
  {
    category: 'dispute',
    severity: 1,
    title: 'Keberatan saksi atas rekapitulasi tingkat kecamatan',
    description:
      'Saksi salah satu paslon menyampaikan keberatan atas selisih suara pada rekapitulasi di kecamatan yang mencakup {place}.',
    status: 'resolved',
  },
];

const REGENCIES: Array<{ code: string; lat: number; lon: number; publicIntake?: true }> = [
  // Batanghari takes anonymous reports from the public (/lapor), so the demo shows that page at work.
  { code: '15.04', lat: -1.72, lon: 103.1, publicIntake: true },
  { code: '15.07', lat: -1.22, lon: 103.85 },
  { code: '16.07', lat: -2.62, lon: 104.75 },
  { code: '51.06', lat: -8.35, lon: 115.36 },
];

const PILKADA_DAY = Date.parse('2024-11-27T00:00:00Z');

function demoId(key: string): string {
  const h = crypto.createHash('sha256').update(`sinergi-demo-report:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The path from `new` to a status, through the state machine. */
const PATH_TO: Record<ReportStatus, ReportStatus[]> = {
  new: [],
  verified: ['verified'],
  handling: ['verified', 'handling'],
  resolved: ['verified', 'handling', 'resolved'],
  rejected: ['rejected'],
  duplicate: [],
};

/**
 * A few dozen realistic reports in the demo regencies (15.04, 15.07, 16.07, 51.06) across categories,
 * severities and statuses, dated around the Pilkada of 27 November 2024 and in recent days, plus one
 * group of near-duplicates for the operator to merge. Idempotent: ids are fixed, and statuses are only
 * moved while a report is still new. Listeners (alerts, risk) see them like any other report.
 */
export async function seedDemoReports(
  services: { reports: ReportService; clock: Clock },
  database: { db: Kysely<DB> },
): Promise<{ created: number }> {
  const { reports, clock } = services;
  const now = clock.now().getTime();
  let created = 0;
  for (const [r, regency] of REGENCIES.entries()) {
    const villages = (
      await sql<{ code: string; name: string }>`
        SELECT code, name FROM regions WHERE level = 4 AND path <@ ${regency.code}::ltree ORDER BY code LIMIT 400`.execute(
        database.db,
      )
    ).rows;
    if (villages.length === 0) continue;
    const officer = await database.db
      .selectFrom('users')
      .select(['id', 'username', 'name', 'role', 'scope_code', 'scope_path'])
      .where('role', '=', 'regency_officer')
      .where('scope_code', '=', regency.code)
      .orderBy('created_at')
      .executeTakeFirst();
    const system: Actor = {
      userId: officer?.id ?? '00000000-0000-4000-8000-000000000000',
      username: officer?.username ?? 'system',
      name: officer?.name ?? `Operator Kesbangpol ${regency.code}`,
      role: (officer?.role ?? 'admin') as Role,
      scopeCode: officer?.scope_code ?? 'ID',
      scopePath: officer?.scope_path ?? '',
      via: 'token',
      mfaSatisfied: true,
    };

    // Switched on once, as its officer would; an officer's later choice (on or off) is left alone.
    const intakeSet = await database.db
      .withTables<ReportTables>()
      .selectFrom('report_intake_settings')
      .select('region_code')
      .where('region_code', '=', regency.code)
      .executeTakeFirst();
    if (regency.publicIntake && officer && !intakeSet)
      await reports.setPublicIntake(system, regency.code, true);

    const items = SCENARIOS.map((scenario, i) => {
      const village = villages[(i * 37 + r * 11) % villages.length] ?? villages[0];
      // Half around the Pilkada (a week before to a week after), half in the last ten days.
      const at =
        i % 2 === 0
          ? PILKADA_DAY + ((i * 29 + r * 7) % 336) * 3_600_000 - 7 * 86_400_000
          : now - ((i * 19 + r * 5) % 240) * 3_600_000 - 3_600_000;
      return { scenario, village, at, key: `${regency.code}:${i}` };
    });
    // A cluster of three near-identical reports of one clash, for the duplicate groups.
    const clusterVillage = villages[3 % villages.length] ?? villages[0];
    for (let k = 0; k < 3; k += 1) {
      items.push({
        scenario: {
          category: 'supporter_clash',
          severity: 3,
          title: `Keributan antarpendukung paslon di pasar ${clusterVillage?.name ?? ''}`.trim(),
          description: `Pendukung dua paslon ribut dan saling dorong di pasar ${clusterVillage?.name ?? ''} sore ini, warga resah${['', ', polisi datang', ', beberapa lapak rusak'][k] ?? ''}.`,
          status: 'new',
        },
        village: clusterVillage,
        at: now - (6 + k) * 3_600_000,
        key: `${regency.code}:cluster:${k}`,
      });
    }

    for (const item of items) {
      if (!item.village) continue;
      const id = demoId(item.key);
      const prepared = await reports.prepare(
        {
          id,
          regionCode: item.village.code,
          occurredAt: new Date(Math.min(item.at, now - 60_000)).toISOString(),
          category: item.scenario.category,
          severity: item.scenario.severity,
          title: item.scenario.title,
          description: item.scenario.description.replaceAll('{place}', item.village.name),
          location: {
            lat: Number((regency.lat + (((item.key.length * 13) % 21) - 10) / 100).toFixed(5)),
            lon: Number((regency.lon + (((item.key.length * 7 + created) % 21) - 10) / 100).toFixed(5)),
          },
          anonymous: item.scenario.anonymous ?? false,
          channel: item.key.includes('cluster') ? 'mobile' : 'web',
          trackingCode: false,
          identity: item.scenario.anonymous ? null : { userId: null, name: 'Pelapor demo', phone: null },
        },
        { actor: null, scopePath: '' },
      );
      const [outcome] = await reports.writer.writeAll([prepared]);
      if (outcome?.result !== 'created') continue;
      created += 1;
      if (!officer) continue;
      for (const status of PATH_TO[item.scenario.status]) {
        await reports.transition(
          system,
          [{ id, to: status, duplicateOf: null }],
          'Data demo',
          [],
          () => undefined,
        );
      }
    }
  }
  return { created };
}
