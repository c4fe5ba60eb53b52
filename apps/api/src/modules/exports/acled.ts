/**
 * Sinergi report categories as ACLED event types (ACLED Codebook 2023). ACLED records political
 * violence and demonstrations, and non-violent political events as "Strategic developments"; most
 * election-integrity categories are of that kind. docs/exports.md documents this table.
 */
export const ACLED_MAPPING: Record<
  string,
  { eventType: string; subEventType: string; disorderType: string; actor1: string }
> = {
  demonstration: {
    eventType: 'Protests',
    subEventType: 'Peaceful protest',
    disorderType: 'Demonstrations',
    actor1: 'Protesters (Indonesia)',
  },
  supporter_clash: {
    eventType: 'Riots',
    subEventType: 'Mob violence',
    disorderType: 'Political violence',
    actor1: 'Rioters (Indonesia)',
  },
  intimidation_violence: {
    eventType: 'Violence against civilians',
    subEventType: 'Attack',
    disorderType: 'Political violence',
    actor1: 'Unidentified Armed Group (Indonesia)',
  },
  inter_party_conflict: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: 'Political party supporters (Indonesia)',
  },
  conflict_of_interest: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: 'Government of Indonesia',
  },
  money_politics: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: '',
  },
  neutrality_violation: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: 'Government of Indonesia',
  },
  hate_speech_hoax: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: '',
  },
  logistics_disruption: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: '',
  },
  election_administration: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: 'KPU: General Elections Commission',
  },
  natural_disaster: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: '',
  },
  dispute: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: '',
  },
  other: {
    eventType: 'Strategic developments',
    subEventType: 'Other',
    disorderType: 'Strategic developments',
    actor1: '',
  },
};

export const ACLED_COLUMNS = [
  { key: 'event_id_cnty', header: 'event_id_cnty' },
  { key: 'event_date', header: 'event_date' },
  { key: 'year', header: 'year' },
  { key: 'time_precision', header: 'time_precision' },
  { key: 'disorder_type', header: 'disorder_type' },
  { key: 'event_type', header: 'event_type' },
  { key: 'sub_event_type', header: 'sub_event_type' },
  { key: 'actor1', header: 'actor1' },
  { key: 'actor2', header: 'actor2' },
  { key: 'country', header: 'country' },
  { key: 'iso', header: 'iso' },
  { key: 'admin1', header: 'admin1' },
  { key: 'admin2', header: 'admin2' },
  { key: 'admin3', header: 'admin3' },
  { key: 'location', header: 'location' },
  { key: 'latitude', header: 'latitude' },
  { key: 'longitude', header: 'longitude' },
  { key: 'geo_precision', header: 'geo_precision' },
  { key: 'source', header: 'source' },
  { key: 'source_scale', header: 'source_scale' },
  { key: 'notes', header: 'notes' },
  { key: 'fatalities', header: 'fatalities' },
  { key: 'tags', header: 'tags' },
] as const;

export interface ReportForAcled {
  id: string;
  occurred_date: string;
  category: string;
  severity: number;
  status: string;
  title: string;
  province: string;
  regency: string;
  district: string;
  village: string | null;
  lat: number | null;
  lon: number | null;
}

/** One report as an ACLED-style event row. */
export function toAcled(report: ReportForAcled): Record<string, unknown> {
  const mapping = ACLED_MAPPING[report.category] ?? ACLED_MAPPING.other;
  return {
    event_id_cnty: `IDN-SNG-${report.id}`,
    event_date: report.occurred_date,
    year: Number(report.occurred_date.slice(0, 4)),
    time_precision: 1,
    disorder_type: mapping?.disorderType,
    event_type: mapping?.eventType,
    sub_event_type: mapping?.subEventType,
    actor1: mapping?.actor1,
    actor2: '',
    country: 'Indonesia',
    iso: 360,
    admin1: report.province,
    admin2: report.regency,
    admin3: report.district,
    location: report.village ?? report.district,
    latitude: report.lat,
    longitude: report.lon,
    // 1: the exact point; 2: the village (a named place); 3: only the district is known.
    geo_precision: report.lat !== null ? 1 : report.village ? 2 : 3,
    source: 'Sinergi early-warning report',
    source_scale: 'Subnational',
    notes: `[${report.category}; severity ${report.severity}; ${report.status}] ${report.title}`,
    fatalities: 0,
    tags: `sinergi_category=${report.category}`,
  };
}
