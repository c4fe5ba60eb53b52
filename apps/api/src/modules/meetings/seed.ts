import type { DecisionCreate, FollowUpStatus, MeetingCreate, ParticipantCreate } from '@sinergi/shared';
import type { MeetingService } from './service.ts';

/**
 * Demo meetings from the source articles (shared/reference): the Batanghari Forkopimda forum of
 * August 2022 and the Tanjung Jabung Timur Pilkada rakor of November 2024, with their participants
 * (who represented whom), decisions and follow-ups in a realistic mix of done, dropped and overdue.
 * Names the articles do not give are written as the office ("Kapolsek Kuala Jambi").
 */

interface DemoFollowUp {
  title: string;
  assignee: string;
  dueOn: string;
  outcome?: { status: FollowUpStatus; on: string; reason?: string; evidence?: string };
}

interface DemoMeeting {
  meeting: MeetingCreate;
  participants: ParticipantCreate[];
  decisions: Array<{ text: string; followUps: DemoFollowUp[] }>;
  /** Regional regulations the meeting cites that the national list lacks. */
  regional?: Array<{ kind: 'Perda'; number: string; year: number; title: string; regionCode: string }>;
}

const p = (
  name: string,
  position: string,
  institution: string,
  attended = true,
  representing: string | null = null,
): ParticipantCreate => ({ name, position, institution, attended, representing });

export const DEMO_MEETINGS: DemoMeeting[] = [
  {
    regional: [
      { kind: 'Perda', number: '10', year: 2016, title: 'Produk Hukum Daerah', regionCode: '15.04' },
    ],
    meeting: {
      regionCode: '15.04',
      kind: 'rakor',
      title: 'Rapat Forum Komunikasi Pimpinan Daerah Tahun 2022',
      theme:
        'Peningkatan Deteksi Dini dan Cegah Dini Guna Menjaga Kondusifitas Menjelang Pemilu/Pilkada Serentak Tahun 2024 dalam Wilayah Kabupaten Batang Hari',
      // The article dates it "Rabu (10/09/2022)" but was published on Wednesday 10 August 2022.
      startsAt: '2022-08-10T09:00',
      endsAt: '2022-08-10T12:00',
      venue: 'Pendopo Rumah Dinas Bupati Batang Hari',
      legalBases: ['UU 23/2014', 'PP 2/2015', 'UU 7/2012', 'Permendagri 42/2015', 'Perda 10/2016'],
      agenda: [
        'Pembukaan dan sambutan Wakil Bupati Batang Hari',
        'Pemaparan dasar pelaksanaan dan maksud rapat oleh Kepala Kantor Kesbangpol',
        'Diskusi deteksi dini dan cegah dini menjelang Pemilu/Pilkada Serentak 2024',
        'Kesepakatan dan tindak lanjut',
      ],
      summary:
        'Wakil Bupati menegaskan bahwa rapat merupakan upaya memaksimalkan fungsi koordinasi antarunsur Forkopimda dalam pembangunan dan penyelesaian masalah aktual di daerah. Keberhasilan Pemilu/Pemilukada Serentak 2024 bergantung pada sinergitas, koordinasi dan komunikasi yang kuat antarlembaga. Seluruh ASN, TNI dan Polri diminta menjaga netralitas sesuai peraturan perundang-undangan.',
      chair: { name: 'Bakhtiar', position: 'Wakil Bupati Batang Hari' },
      minutesTaker: { name: 'Ansori', position: 'Kepala Kantor Kesatuan Bangsa dan Politik' },
      organizer: 'Kantor Kesatuan Bangsa dan Politik',
    },
    participants: [
      p('Bakhtiar', 'Wakil Bupati Batang Hari', 'Bupati/Wali Kota'),
      p('Anita Yasmin, S.E.', 'Ketua DPRD Kabupaten Batang Hari', 'DPRD'),
      p('Ansori', 'Kepala Kantor Kesbangpol', 'Kesbangpol'),
      p("Muhammad Rifa'i, S.P.", 'Asisten I Setda Kabupaten Batang Hari', 'Bupati/Wali Kota'),
      p('Ketua KPU Kabupaten Batang Hari', 'Ketua', 'KPU'),
      p('Danramil', 'Komandan Koramil', 'Kodim'),
      p('Kapolres Batang Hari', 'Kepala Kepolisian Resor', 'Polres'),
    ],
    decisions: [
      {
        text: 'Seluruh unsur Forkopimda memperkuat koordinasi, komunikasi dan sinergitas dalam deteksi dini dan cegah dini menjelang Pemilu/Pilkada Serentak 2024.',
        followUps: [
          {
            title: 'Menjadwalkan rapat koordinasi Forkopimda setiap triwulan',
            assignee: 'Kesbangpol',
            dueOn: '2022-09-30',
            outcome: {
              status: 'done',
              on: '2022-09-20',
              evidence: 'Jadwal rakor triwulanan 2022–2024 ditetapkan.',
            },
          },
        ],
      },
      {
        text: 'ASN, TNI dan Polri menjaga netralitas dalam Pemilu/Pemilukada Serentak 2024 sesuai peraturan perundang-undangan.',
        followUps: [
          {
            title: 'Menerbitkan surat edaran netralitas ASN',
            assignee: 'Bupati/Wali Kota',
            dueOn: '2022-09-15',
            outcome: {
              status: 'done',
              on: '2022-09-12',
              evidence: 'Surat edaran Bupati tentang netralitas ASN telah diterbitkan.',
            },
          },
          {
            title: 'Sosialisasi netralitas kepada anggota Koramil',
            assignee: 'Kodim',
            dueOn: '2022-10-31',
            outcome: {
              status: 'dropped',
              on: '2022-10-05',
              reason: 'Digabung dengan sosialisasi netralitas oleh Kodim pada apel bulanan.',
            },
          },
        ],
      },
      {
        text: 'Kesbangpol memetakan potensi kerawanan konflik sosial per kecamatan bersama Polres.',
        followUps: [
          {
            title: 'Menyusun peta kerawanan konflik sosial per kecamatan',
            assignee: 'Kesbangpol',
            dueOn: '2022-11-30',
            outcome: {
              status: 'in_progress',
              on: '2022-11-01',
              evidence: 'Data lima kecamatan sudah terkumpul.',
            },
          },
        ],
      },
    ],
  },
  {
    meeting: {
      regionCode: '15.07',
      kind: 'rakor',
      title: 'Rapat Koordinasi Forkopimda Menghadapi Pilkada 2024',
      theme:
        'Peran Forkopimda Dalam Menjaga Kondusifitas Wilayah Kabupaten Tanjung Jabung Timur Dalam Pelaksanaan Pilkada 2024',
      // The article writes "Kamis (12/11/2024)"; 12 November 2024 was a Tuesday. The date is kept.
      startsAt: '2024-11-12T09:00',
      venue: 'Aula Kantor Kesbangpol Tanjab Timur',
      legalBases: ['UU 7/2012', 'PP 2/2015', 'Permendagri 42/2015', 'UU 10/2016'],
      agenda: [
        'Pembukaan oleh Plt. Bupati Tanjung Jabung Timur',
        'Maksud dan tujuan kegiatan oleh Kepala Badan Kesbangpol',
        'Materi narasumber Kejaksaan, TNI dan Polri',
        'Diskusi peningkatan sinergitas menjelang pemungutan suara',
      ],
      summary:
        'Kegiatan bertujuan meningkatkan deteksi dini dan kewaspadaan dini serta penanganan daerah yang terjadi konflik sosial akibat Pilkada 2024. Potensi konflik sosial pada Pilkada dinilai lebih besar dibandingkan Pemilu Februari 2024 karena kontestasi putra dan putri terbaik daerah menimbulkan fanatisme politik: konflik kepentingan, konflik antarpartai politik, dan konflik antarsimpatisan pendukung pasangan calon.',
      chair: {
        name: 'Suhas Purrojani',
        position: 'Asisten I Setda, mewakili Plt. Bupati Tanjung Jabung Timur',
      },
      minutesTaker: { name: 'Sularto', position: 'Kepala Badan Kesbangpol Kabupaten Tanjung Jabung Timur' },
      organizer: 'Badan Kesatuan Bangsa dan Politik',
    },
    participants: [
      p('Suhas Purrojani', 'Asisten I Setda', 'Bupati/Wali Kota', true, 'Plt. Bupati Tanjung Jabung Timur'),
      p('Sularto', 'Kepala Badan Kesbangpol', 'Kesbangpol'),
      p(
        'Narasumber Kejari',
        'Kepala Seksi Intelijen',
        'Kejari',
        true,
        'Kepala Kejaksaan Negeri Tanjung Jabung Timur',
      ),
      p('Narasumber Kodim', 'Pasi Intel Kodim 0419/Tanjab', 'Kodim', true, 'Dandim 0419/Tanjab'),
      p('Narasumber Polres', 'Kasat Intelkam', 'Polres', true, 'Kapolres Tanjung Jabung Timur'),
      p('Kapolsek Kuala Jambi', 'Kapolsek', 'Polres'),
      p('Kapolsek Sabak Barat', 'Kapolsek', 'Polres'),
      p('Kapolsek Dendang', 'Kapolsek', 'Polres'),
      p('Kapolsek Sabak Timur', 'Kapolsek', 'Polres'),
      p('Camat Kuala Jambi', 'Camat', 'Camat'),
      p('Camat Muara Sabak Barat', 'Camat', 'Camat'),
      p('Camat Muara Sabak Timur', 'Camat', 'Camat'),
      p('Camat Dendang', 'Camat', 'Camat', false),
      p('Kades dan Lurah Dapil 1', 'Kepala Desa/Lurah', 'Kades/Lurah'),
    ],
    decisions: [
      {
        text: 'Meningkatkan deteksi dini dan kewaspadaan dini terhadap potensi konflik sosial Pilkada 2024 di Dapil 1: konflik kepentingan, konflik antarpartai politik, dan konflik antarsimpatisan pendukung pasangan calon.',
        followUps: [
          {
            title: 'Laporan harian situasi kamtibmas setiap Polsek di Dapil 1 kepada Kesbangpol',
            assignee: 'Polres',
            dueOn: '2024-11-30',
            outcome: {
              status: 'done',
              on: '2024-11-30',
              evidence: 'Laporan harian diterima 12–30 November 2024.',
            },
          },
          {
            title: 'Pemetaan titik rawan konflik tingkat desa/kelurahan di Dapil 1',
            assignee: 'Camat',
            dueOn: '2024-11-20',
            outcome: {
              status: 'done',
              on: '2024-11-19',
              evidence: 'Peta titik rawan empat kecamatan diserahkan ke Kesbangpol.',
            },
          },
        ],
      },
      {
        text: 'Camat, kepala desa dan lurah segera melaporkan setiap gejala konflik sosial kepada Kesbangpol melalui Sinergi.',
        followUps: [
          {
            title: 'Sosialisasi pelaporan kewaspadaan dini kepada kades dan lurah Dapil 1',
            assignee: 'Kesbangpol',
            dueOn: '2024-11-19',
            outcome: {
              status: 'done',
              on: '2024-11-18',
              evidence: 'Sosialisasi di Kantor Camat Muara Sabak Timur, 18 November 2024.',
            },
          },
        ],
      },
      {
        text: 'Forkopimda memperkuat sinergitas pengamanan menjelang pemungutan suara 27 November 2024.',
        followUps: [
          {
            title: 'Apel siaga gabungan TNI-Polri menjelang pemungutan suara',
            assignee: 'Kodim',
            dueOn: '2024-11-25',
            outcome: {
              status: 'done',
              on: '2024-11-25',
              evidence: 'Apel siaga gabungan di Lapangan Pemkab, 25 November 2024.',
            },
          },
          {
            title: 'Evaluasi pasca-pemungutan suara bersama Forkopimda',
            assignee: 'Kesbangpol',
            dueOn: '2024-12-13',
          },
        ],
      },
    ],
  },
];

/**
 * Writes the demo meetings once: a meeting already recorded (same region, title and time) is left
 * as it is, so calling this on every start is safe.
 */
export async function seedDemoMeetings(service: MeetingService): Promise<{ created: number }> {
  let created = 0;
  for (const demo of DEMO_MEETINGS) {
    for (const regulation of demo.regional ?? []) {
      try {
        await service.createLegalBasis(null, regulation);
      } catch (error) {
        if ((error as { code?: string }).code !== 'legal_basis.duplicate') throw error;
      }
    }
    const { regionCode, title, startsAt } = demo.meeting;
    if (await service.findMeeting(regionCode, title, startsAt)) continue;
    const meetingId = await service.createMeeting(null, demo.meeting);
    const scope = regionCode.split('.')[0] ?? '';
    for (const participant of demo.participants)
      await service.addParticipant(null, meetingId, participant, scope);
    for (const decision of demo.decisions) {
      const input: DecisionCreate = {
        text: decision.text,
        followUps: decision.followUps.map((f) => ({
          title: f.title,
          assignee: { institution: f.assignee },
          dueOn: f.dueOn,
        })),
      };
      const recorded = await service.addDecision(null, meetingId, input, scope);
      for (const [i, f] of decision.followUps.entries()) {
        const followUp = recorded.followUps[i];
        if (f.outcome && followUp) await service.recordOutcome(followUp.id, f.outcome);
      }
    }
    created += 1;
  }
  return { created };
}
