import type { AgencyKind } from '@sinergi/shared';

/**
 * The perangkat daerah most regencies and cities have (PP 18/2016 and its amendments); names vary
 * a little between regions, so the officer picks and edits rather than takes all.
 */
export const STARTER_AGENCIES: ReadonlyArray<{ name: string; kind: AgencyKind; headTitle: string }> = [
  { name: 'Sekretariat Daerah', kind: 'sekretariat', headTitle: 'Sekretaris Daerah' },
  { name: 'Sekretariat DPRD', kind: 'sekretariat', headTitle: 'Sekretaris DPRD' },
  { name: 'Inspektorat Daerah', kind: 'inspektorat', headTitle: 'Inspektur' },
  { name: 'Badan Perencanaan Pembangunan Daerah', kind: 'badan', headTitle: 'Kepala Bappeda' },
  {
    name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    kind: 'badan',
    headTitle: 'Kepala BKPSDM',
  },
  { name: 'Badan Pengelolaan Keuangan dan Aset Daerah', kind: 'badan', headTitle: 'Kepala BPKAD' },
  { name: 'Badan Pendapatan Daerah', kind: 'badan', headTitle: 'Kepala Bapenda' },
  { name: 'Badan Kesatuan Bangsa dan Politik', kind: 'badan', headTitle: 'Kepala Kesbangpol' },
  { name: 'Badan Penanggulangan Bencana Daerah', kind: 'badan', headTitle: 'Kepala Pelaksana BPBD' },
  { name: 'Dinas Pendidikan', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Kesehatan', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Perumahan dan Kawasan Permukiman', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Satuan Polisi Pamong Praja', kind: 'satuan', headTitle: 'Kepala Satuan' },
  { name: 'Dinas Sosial', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Kependudukan dan Pencatatan Sipil', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Pemberdayaan Masyarakat dan Desa', kind: 'dinas', headTitle: 'Kepala Dinas' },
  {
    name: 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak',
    kind: 'dinas',
    headTitle: 'Kepala Dinas',
  },
  { name: 'Dinas Tenaga Kerja', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Lingkungan Hidup', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Perhubungan', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Komunikasi dan Informatika', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Koperasi dan Usaha Mikro', kind: 'dinas', headTitle: 'Kepala Dinas' },
  {
    name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
    kind: 'dinas',
    headTitle: 'Kepala Dinas',
  },
  { name: 'Dinas Pertanian', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Ketahanan Pangan', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Perikanan', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Pariwisata', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Kebudayaan', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Perdagangan dan Perindustrian', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Perpustakaan dan Kearsipan', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Dinas Kepemudaan dan Olahraga', kind: 'dinas', headTitle: 'Kepala Dinas' },
  { name: 'Rumah Sakit Umum Daerah', kind: 'rsud', headTitle: 'Direktur' },
];
