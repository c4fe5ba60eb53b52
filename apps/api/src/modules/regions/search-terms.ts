/**
 * How people write region names: "Kab." for kabupaten, "Tanjab" for Tanjung Jabung, "Sumsel" for
 * Sumatera Selatan, with or without spaces ("Batang Hari" for BATANGHARI). Names and queries are both
 * normalised with these rules so that trigram similarity compares like with like.
 */
const ABBREVIATIONS: Record<string, string> = {
  kab: 'kabupaten',
  kep: 'kepulauan',
  kec: 'kecamatan',
  kel: 'kelurahan',
  prov: 'provinsi',
  tanjab: 'tanjung jabung',
  jabar: 'jawa barat',
  jateng: 'jawa tengah',
  jatim: 'jawa timur',
  sumut: 'sumatera utara',
  sumbar: 'sumatera barat',
  sumsel: 'sumatera selatan',
  kalbar: 'kalimantan barat',
  kalteng: 'kalimantan tengah',
  kalsel: 'kalimantan selatan',
  kaltim: 'kalimantan timur',
  kaltara: 'kalimantan utara',
  sulut: 'sulawesi utara',
  sulteng: 'sulawesi tengah',
  sulsel: 'sulawesi selatan',
  sultra: 'sulawesi tenggara',
  sulbar: 'sulawesi barat',
  ntb: 'nusa tenggara barat',
  ntt: 'nusa tenggara timur',
  diy: 'daerah istimewa yogyakarta',
  jogja: 'yogyakarta',
  jogjakarta: 'yogyakarta',
  babel: 'kepulauan bangka belitung',
  kepri: 'kepulauan riau',
  malut: 'maluku utara',
  sumatra: 'sumatera',
};

// Words that say what kind of region it is, not which: left out so "Kabupaten Bangli" ranks as "Bangli".
const KIND_WORDS = new Set(['kabupaten', 'provinsi', 'kecamatan', 'desa', 'kelurahan']);

export function normaliseRegionName(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => (ABBREVIATIONS[word] ?? word).split(' '))
    .filter((word) => !KIND_WORDS.has(word));
  return words.join(' ');
}

export function compactRegionName(text: string): string {
  return normaliseRegionName(text).replace(/\s+/g, '');
}
