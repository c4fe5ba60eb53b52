/**
 * The pact's wording: a template the officer may edit per campaign, filled in per agency. The
 * default follows the usual fakta integritas netralitas ASN of regional governments (SKB of
 * MenPANRB, Mendagri, BKN, KASN and Bawaslu on ASN neutrality, 2022).
 */
export const DEFAULT_PLEDGE_TEXT = `PAKTA INTEGRITAS NETRALITAS APARATUR SIPIL NEGARA

Saya yang bertanda tangan di bawah ini:
Nama: {{head}}
NIP: {{nip}}
Jabatan: {{headTitle}}
Unit kerja: {{agency}}, {{region}}

dengan ini menyatakan, dalam rangka penyelenggaraan pemilihan umum dan pemilihan kepala daerah, bahwa saya beserta seluruh aparatur sipil negara dan pegawai di lingkungan unit kerja saya:
1. menjaga dan menegakkan netralitas, tidak berpihak dari segala bentuk pengaruh mana pun dan kepada siapa pun;
2. tidak menjadi anggota atau pengurus partai politik dan tidak terlibat dalam kegiatan kampanye untuk mendukung pasangan calon mana pun;
3. tidak membuat keputusan atau tindakan yang menguntungkan atau merugikan salah satu pasangan calon, termasuk melalui media sosial;
4. tidak menggunakan fasilitas, anggaran, dan sumber daya negara untuk kepentingan politik praktis;
5. melaporkan kepada pihak berwenang setiap pelanggaran netralitas yang saya ketahui;
6. bersedia menerima sanksi sesuai ketentuan peraturan perundang-undangan apabila melanggar pernyataan ini.

Demikian pakta integritas ini saya buat dengan sesungguhnya, paling lambat tanggal {{deadline}}, untuk dilaksanakan dengan penuh tanggung jawab.`;

export interface PledgeTextValues {
  agency: string;
  head: string;
  headTitle: string | null;
  nip: string | null;
  region: string;
  deadline: string;
}

const PLACEHOLDER = /\{\{\s*(agency|head|headTitle|nip|region|deadline)\s*\}\}/g;

export function fillPledgeText(template: string, values: PledgeTextValues): string {
  return template.replace(PLACEHOLDER, (_match, key: keyof PledgeTextValues) => {
    const value = values[key];
    return value === null || value === '' ? '-' : value;
  });
}

/** "KABUPATEN BANGLI" → "Kabupaten Bangli" (Kemendagri names are upper case; DPRD stays as it is). */
export function displayRegionName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
