import { Readable } from 'node:stream';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../http/actor.ts';
import { SYSTEM_READER } from './context.ts';
import { createCampaignService } from './service-campaigns.ts';
import { createCaseService } from './service-cases.ts';
import type { NeutralityService } from './service.ts';

/** Bangli (51.06, WITA): the regent's deadline of Monday 30 September 2024 (reference article 004). */
const REGION = '51.06';
export const DEMO_CAMPAIGN_TITLE = 'Fakta Integritas dan Deklarasi Netralitas ASN Pilkada Serentak 2024';
const DEMO_HEAD_USERNAME = 'kadis.kesehatan.bangli';

interface DemoAgency {
  name: string;
  headName: string;
  headTitle: string;
  nip: string;
  regionCode?: string;
  /** When the pact was signed and uploaded (WITA), or null: never. */
  signedOn: string | null;
  uploadedAt?: string;
  video?: boolean;
  review?: 'verified' | 'returned';
}

// Heads and NIPs are invented for the demo.
const AGENCIES: DemoAgency[] = [
  {
    name: 'Sekretariat Daerah',
    headName: 'I Made Ari Pulasari',
    headTitle: 'Pj. Sekretaris Daerah',
    nip: '197104121998031006',
    signedOn: '2024-09-28',
    uploadedAt: '2024-09-28T11:10:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Sekretariat DPRD',
    headName: 'I Ketut Suastika',
    headTitle: 'Sekretaris DPRD',
    nip: '197205031999031004',
    signedOn: '2024-09-28',
    uploadedAt: '2024-09-28T13:25:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Inspektorat Daerah',
    headName: 'Ni Luh Putu Sariasih',
    headTitle: 'Inspektur',
    nip: '197306142000032002',
    signedOn: '2024-09-28',
    uploadedAt: '2024-09-29T09:05:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Badan Perencanaan Pembangunan Daerah',
    headName: 'I Wayan Gde Wirawan',
    headTitle: 'Kepala Bappeda',
    nip: '197011091997031003',
    signedOn: '2024-09-29',
    uploadedAt: '2024-09-29T10:40:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    headName: 'I Nyoman Arta Wijaya',
    headTitle: 'Kepala BKPSDM',
    nip: '197402252001121002',
    signedOn: '2024-09-28',
    uploadedAt: '2024-09-28T15:00:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Badan Kesatuan Bangsa dan Politik',
    headName: 'I Gede Sukarta',
    headTitle: 'Kepala Kesbangpol',
    nip: '196912301996031005',
    signedOn: '2024-09-28',
    uploadedAt: '2024-09-28T10:15:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Badan Penanggulangan Bencana Daerah',
    headName: 'I Ketut Agus Sutapa',
    headTitle: 'Kepala Pelaksana BPBD',
    nip: '197508172002121003',
    signedOn: '2024-09-30',
    uploadedAt: '2024-09-30T16:30:00+08:00',
    video: false,
  },
  {
    name: 'Dinas Pendidikan',
    headName: 'Ni Made Sri Wulandari',
    headTitle: 'Kepala Dinas',
    nip: '197107221998032004',
    signedOn: '2024-09-29',
    uploadedAt: '2024-09-29T14:20:00+08:00',
    video: true,
    review: 'returned',
  },
  {
    name: 'Dinas Kesehatan',
    headName: 'dr. I Nyoman Arsana',
    headTitle: 'Kepala Dinas',
    nip: '197209091999031007',
    signedOn: null,
  },
  {
    name: 'Dinas Pekerjaan Umum dan Penataan Ruang',
    headName: 'I Made Dwi Purnama',
    headTitle: 'Kepala Dinas',
    nip: '197612012003121004',
    signedOn: '2024-09-30',
    uploadedAt: '2024-10-01T08:45:00+08:00',
    video: true,
  },
  {
    name: 'Satuan Polisi Pamong Praja',
    headName: 'I Dewa Agung Suryawan',
    headTitle: 'Kepala Satuan',
    nip: '197303181999031002',
    signedOn: '2024-09-28',
    uploadedAt: '2024-09-28T12:00:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Dinas Sosial',
    headName: 'Ni Wayan Sukerti',
    headTitle: 'Kepala Dinas',
    nip: '197410102000032003',
    signedOn: '2024-09-30',
    uploadedAt: '2024-09-30T21:15:00+08:00',
    video: true,
  },
  {
    name: 'Dinas Kependudukan dan Pencatatan Sipil',
    headName: 'I Putu Gede Kusuma',
    headTitle: 'Kepala Dinas',
    nip: '197505052001121006',
    signedOn: null,
  },
  {
    name: 'Dinas Pariwisata',
    headName: 'I Wayan Sugiarta',
    headTitle: 'Kepala Dinas',
    nip: '197108081998031008',
    signedOn: '2024-09-28',
    uploadedAt: '2024-09-28T16:10:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Kecamatan Bangli',
    headName: 'I Ketut Riang',
    headTitle: 'Camat',
    nip: '197601152003121005',
    regionCode: '51.06.02',
    signedOn: '2024-09-29',
    uploadedAt: '2024-09-29T11:00:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Kecamatan Susut',
    headName: 'I Nengah Sudiana',
    headTitle: 'Camat',
    nip: '197702202005011003',
    regionCode: '51.06.01',
    signedOn: '2024-09-30',
    uploadedAt: '2024-09-30T10:30:00+08:00',
    video: false,
  },
  {
    name: 'Kecamatan Tembuku',
    headName: 'Ni Komang Ayu Suardani',
    headTitle: 'Camat',
    nip: '197809122006042002',
    regionCode: '51.06.03',
    signedOn: '2024-09-29',
    uploadedAt: '2024-09-29T15:45:00+08:00',
    video: true,
    review: 'verified',
  },
  {
    name: 'Kecamatan Kintamani',
    headName: 'I Gusti Ngurah Putra',
    headTitle: 'Camat',
    nip: '197406302001121004',
    regionCode: '51.06.04',
    signedOn: null,
  },
];

/** A clock the seed moves by hand, so the demo campaign happens in September 2024. */
function manualClock(start: string): Clock & { set: (iso: string) => void } {
  let now = new Date(start);
  return { now: () => now, set: (iso: string) => (now = new Date(iso)) };
}

/**
 * Demo data for Bangli: its agencies, the September 2024 campaign with most pacts signed (some late,
 * one returned, some never), a demo agency-head account, and two neutrality cases. Idempotent: does
 * nothing once the demo campaign exists. Acts as the regency's demo officer (created by bootstrap).
 */
export async function seedDemoNeutrality(
  neutrality: NeutralityService,
  options: { headPassword: string },
): Promise<{ seeded: boolean; reason?: string }> {
  const deps = neutrality.deps;
  const existing = await deps.repository.listCampaigns(REGION, {}, 100);
  if (existing.some((c) => c.region_code === REGION && c.title === DEMO_CAMPAIGN_TITLE))
    return { seeded: false, reason: 'already seeded' };
  const officers = await deps.users.list(SYSTEM_READER, {
    region: REGION,
    role: 'regency_officer',
    limit: 10,
  });
  const officer = officers.items.find((u) => u.scope.code === REGION && u.active);
  if (!officer) return { seeded: false, reason: `no regency officer of ${REGION}` };
  const actor: Actor = {
    userId: officer.id,
    username: officer.username,
    name: officer.name,
    role: 'regency_officer',
    scopeCode: REGION,
    scopePath: REGION,
    via: 'token',
    mfaSatisfied: true,
  };

  // The register: whatever the officer has not registered yet.
  const registered = await deps.repository.listAgencies(REGION, { active: true }, 1000);
  const known = new Set(registered.map((a) => `${a.region_code}|${a.name.toLowerCase()}`));
  const missing = AGENCIES.filter((a) => !known.has(`${a.regionCode ?? REGION}|${a.name.toLowerCase()}`));
  if (missing.length > 0) {
    await neutrality.agencies.batch(actor, {
      regionCode: REGION,
      items: missing.map((a) => ({
        name: a.name,
        headName: a.headName,
        headTitle: a.headTitle,
        headNip: a.nip,
        ...(a.regionCode ? { regionCode: a.regionCode } : {}),
      })),
    });
  }
  const agencies = await deps.repository.listAgencies(REGION, { active: true }, 1000);
  const idOf = (a: DemoAgency) =>
    agencies.find(
      (row) =>
        row.region_code === (a.regionCode ?? REGION) && row.name.toLowerCase() === a.name.toLowerCase(),
    )?.id;

  // The head of Dinas Kesehatan gets an account, to show the agency head's own page.
  const health = AGENCIES.find((a) => a.name === 'Dinas Kesehatan');
  const healthId = health ? idOf(health) : undefined;
  const taken = await deps.users.list(SYSTEM_READER, { q: DEMO_HEAD_USERNAME, limit: 5 });
  if (healthId && !taken.items.some((u) => u.username === DEMO_HEAD_USERNAME)) {
    await neutrality.agencies.update(actor, healthId, {
      headAccount: { username: DEMO_HEAD_USERNAME, password: options.headPassword },
    });
  }

  const clock = manualClock('2024-09-27T09:00:00+08:00');
  const timed = { ...deps, clock };
  const campaigns = createCampaignService(timed);
  const campaign = await campaigns.create(actor, {
    regionCode: REGION,
    title: DEMO_CAMPAIGN_TITLE,
    deadline: '2024-09-30',
    requireVideo: true,
  });

  const uploads = AGENCIES.filter((a) => a.signedOn !== null && a.uploadedAt).sort((a, b) =>
    (a.uploadedAt ?? '').localeCompare(b.uploadedAt ?? ''),
  );
  for (const demo of uploads) {
    const agencyId = idOf(demo);
    if (!agencyId || !demo.signedOn || !demo.uploadedAt) continue;
    clock.set(demo.uploadedAt);
    // The "scan" is the filled-in pact itself, as the head would print, sign and scan it.
    const pact = await campaigns.pactDocument(actor, campaign.id, agencyId);
    const submission = await campaigns.beginSubmission(actor, campaign.id, {
      agencyId,
      signedOn: demo.signedOn,
      ...(demo.video ? { videoUrl: `https://example.org/demo/deklarasi-netralitas/${agencyId}` } : {}),
    });
    const scan = await campaigns.storeScan(Readable.from([pact]), 'application/pdf');
    const saved = await campaigns.commitSubmission(actor, submission, {
      scan: { ...scan, filename: `fakta-integritas-${demo.name.toLowerCase().replace(/\s+/g, '-')}.pdf` },
    });
    if (demo.review) {
      clock.set('2024-09-30T17:00:00+08:00');
      await campaigns.review(actor, campaign.id, saved.pledge.id, {
        decision: demo.review,
        ...(demo.review === 'returned'
          ? { reason: 'Pindaian tidak terbaca; unggah ulang dengan resolusi lebih tinggi.' }
          : {}),
      });
    }
  }

  clock.set('2024-10-22T10:00:00+08:00');
  const cases = createCaseService(timed);
  const tourism = AGENCIES.find((a) => a.name === 'Dinas Pariwisata');
  const tourismId = tourism ? idOf(tourism) : undefined;
  const pns = await cases.create(actor, {
    regionCode: REGION,
    ...(tourismId ? { agencyId: tourismId } : {}),
    subjectKind: 'asn',
    subjectName: 'I Komang Demo Saputra',
    subjectPosition: 'Analis Kebijakan, Dinas Pariwisata',
    occurredOn: '2024-10-19',
    description:
      'Menghadiri kampanye terbuka salah satu pasangan calon bupati dan mengunggah foto dengan simbol jari pasangan calon di media sosial.',
    evidence: 'Tangkapan layar unggahan media sosial tanggal 19 Oktober 2024.',
    source: 'bawaslu',
  });
  await cases.refer(actor, pns.id, {
    to: 'bkn',
    referredOn: '2024-10-21',
    reference: '800/123/Kesbangpol/2024',
    note: 'Diteruskan untuk penjatuhan sanksi disiplin.',
  });
  await cases.create(actor, {
    regionCode: '51.06.04',
    subjectKind: 'village_head',
    subjectName: 'Perbekel (demo) Desa di Kintamani',
    subjectPosition: 'Perbekel',
    occurredOn: '2024-10-20',
    description: 'Mengarahkan warga dalam pertemuan banjar untuk memilih pasangan calon tertentu.',
    source: 'public',
  });
  return { seeded: true };
}
