import type { ReadinessArea, ReadinessTemplate } from '@sinergi/shared';

type Item = [area: ReadinessArea, title: string, ownerInstitution: string | null];

function template(
  code: string,
  name: string,
  description: string,
  stageHints: string[],
  items: Item[],
): ReadinessTemplate {
  return {
    code,
    name,
    description,
    stageHints,
    items: items.map(([area, title, ownerInstitution]) => ({ area, title, ownerInstitution })),
  };
}

/**
 * Checklist templates for the stages where Forkopimda readiness meetings usually look (voting,
 * campaign, recapitulation), one set of items per area. Owners are the institutions that normally
 * answer for the item; the operator may reassign them.
 */
export const READINESS_TEMPLATES: readonly ReadinessTemplate[] = [
  template(
    'pemungutan_suara',
    'Kesiapan pemungutan suara',
    'Logistik, pengamanan, TPS dan kebencanaan menjelang dan pada hari pemungutan suara.',
    ['voting', 'quiet_period'],
    [
      ['logistics', 'Distribusi logistik surat suara ke PPK', 'KPU Kabupaten/Kota'],
      ['logistics', 'Distribusi logistik dari PPK ke PPS dan KPPS', 'PPK'],
      ['logistics', 'Jumlah dan kondisi surat suara serta formulir diperiksa', 'KPU Kabupaten/Kota'],
      ['logistics', 'Gudang logistik tersegel dan dijaga', 'Polres'],
      ['logistics', 'Kendaraan dan rute distribusi ke TPS terpencil disiapkan', 'Dinas Perhubungan'],
      ['security', 'Pengamanan TPS oleh Linmas/Polri', 'Polres'],
      ['security', 'Pemetaan TPS rawan keamanan bersama Bawaslu', 'Polres'],
      ['security', 'Apel siaga gabungan TNI, Polri dan Satpol PP', 'Kodim'],
      ['security', 'Patroli masa tenang dan pengawasan politik uang', 'Bawaslu Kabupaten/Kota'],
      ['security', 'Posko pengaduan dan nomor darurat diumumkan', 'Kesbangpol'],
      ['polling_stations', 'TPS rawan banjir sudah dipetakan', 'KPU Kabupaten/Kota'],
      ['polling_stations', 'Bimbingan teknis KPPS selesai', 'KPU Kabupaten/Kota'],
      ['polling_stations', 'TPS mudah diakses penyandang disabilitas dan lansia', 'PPS'],
      ['polling_stations', 'Pemberitahuan memilih dibagikan kepada pemilih', 'KPPS'],
      ['polling_stations', 'Tenda, penerangan dan perlengkapan TPS siap', 'PPS'],
      ['disaster', 'Peta rawan bencana BPBD diperbarui', 'BPBD'],
      ['disaster', 'Rencana kontinjensi TPS terdampak bencana', 'BPBD'],
      ['disaster', 'Posko siaga bencana pada hari pemungutan suara', 'BPBD'],
      ['disaster', 'Peringatan cuaca BMKG dipantau dan disebarkan ke PPS', 'BPBD'],
    ],
  ),
  template(
    'kampanye',
    'Kesiapan masa kampanye',
    'Pengamanan kampanye, pencegahan bentrokan dan hoaks, serta persiapan awal TPS.',
    ['campaign'],
    [
      ['logistics', 'Jadwal dan lokasi kampanye disepakati KPU dan tim kampanye', 'KPU Kabupaten/Kota'],
      ['logistics', 'Lokasi pemasangan alat peraga kampanye ditetapkan', 'KPU Kabupaten/Kota'],
      ['security', 'Pengamanan kampanye rapat umum', 'Polres'],
      ['security', 'Titik rawan bentrokan antarpendukung dipetakan', 'Kesbangpol'],
      ['security', 'Deklarasi kampanye damai pasangan calon', 'Kesbangpol'],
      ['security', 'Patroli siber hoaks dan ujaran kebencian', 'Dinas Kominfo'],
      ['polling_stations', 'Jumlah pemilih dan lokasi TPS ditetapkan', 'KPU Kabupaten/Kota'],
      ['polling_stations', 'Lokasi calon TPS disurvei', 'PPS'],
      ['disaster', 'Peta rawan bencana BPBD diperbarui', 'BPBD'],
      ['disaster', 'Lokasi kampanye terbuka dicek terhadap risiko bencana', 'BPBD'],
    ],
  ),
  template(
    'rekapitulasi',
    'Kesiapan penghitungan dan rekapitulasi',
    'Pengamanan kotak suara dan lokasi rekapitulasi, tindak lanjut keberatan.',
    ['counting_recapitulation'],
    [
      ['logistics', 'Kotak suara dikembalikan ke PPK dalam keadaan tersegel', 'PPK'],
      ['logistics', 'Ruang dan perlengkapan rekapitulasi siap', 'KPU Kabupaten/Kota'],
      ['security', 'Pengamanan lokasi rekapitulasi kecamatan dan kabupaten', 'Polres'],
      ['security', 'Pengawalan kotak suara dari PPK ke KPU Kabupaten/Kota', 'Polres'],
      ['security', 'Antisipasi pengerahan massa saat rekapitulasi', 'Kesbangpol'],
      [
        'polling_stations',
        'Salinan hasil penghitungan diterima saksi dan pengawas TPS',
        'Bawaslu Kabupaten/Kota',
      ],
      ['polling_stations', 'Rekomendasi pemungutan suara ulang ditindaklanjuti', 'KPU Kabupaten/Kota'],
      ['disaster', 'Jalur pengembalian kotak suara aman dari banjir dan longsor', 'BPBD'],
    ],
  ),
];

export function templateByCode(code: string): ReadinessTemplate | undefined {
  return READINESS_TEMPLATES.find((t) => t.code === code);
}
