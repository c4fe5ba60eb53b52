import { Readable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { cursorRows } from '../../db/cursor.ts';

export interface ReportExportFilter {
  /** ltree path of the region exported ('' = everything the caller sees). */
  regionPath: string;
  /** occurredAt bounds, instants (ISO). */
  from?: string;
  to?: string;
  status?: string;
  category?: string;
}

// A type alias, not an interface: exporters take rows as Record<string, unknown>.
export type ReportExportRow = {
  id: string;
  /** The day it happened in the region's zone (YYYY-MM-DD). */
  occurred_date: string;
  occurred_at: string;
  created_at: string;
  category: string;
  severity: number;
  status: string;
  title: string;
  description: string;
  channel: string;
  region_code: string;
  province: string;
  regency: string;
  district: string;
  village: string | null;
  lat: number | null;
  lon: number | null;
  duplicate_of: string | null;
};

/**
 * The scope and filter of an export as SQL conditions with their parameters: $1 the caller's scope,
 * $2 the exported region, $3 the deeper of the two as a LIKE prefix of region codes. Labels are
 * fixed-width, so the prefix holds the same subtree; it lets a regional export read the btree index on
 * region_code (as the report list does) and the places of the subtree by code.
 */
function exportWhere(scopePath: string, filter: ReportExportFilter) {
  const deeper = filter.regionPath.length > scopePath.length ? filter.regionPath : scopePath;
  const prefix = `${deeper.replace(/[\\%_]/g, '\\$&')}%`;
  const where = ['rep.region_path <@ $1::ltree', 'rep.region_path <@ $2::ltree', 'rep.region_code LIKE $3'];
  const params: unknown[] = [scopePath, filter.regionPath, prefix];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.from) add('rep.occurred_at >= ?::timestamptz', filter.from);
  if (filter.to) add('rep.occurred_at < ?::timestamptz', filter.to);
  if (filter.status) add('rep.status = ?', filter.status);
  if (filter.category) add('rep.category = ?', filter.category);
  return { where: where.join(' AND '), params };
}

/** How many rows an export will carry (sent ahead as a header so the web app can show progress). */
export async function reportExportCount(
  pool: pg.Pool,
  scopePath: string,
  filter: ReportExportFilter,
): Promise<number> {
  const { where, params } = exportWhere(scopePath, filter);
  const result = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM reports rep WHERE ${where}`,
    params,
  );
  return result.rows[0]?.n ?? 0;
}

/**
 * Report rows for exports (CSV, XLSX, ACLED), read through a server-side cursor a batch at a time so
 * memory stays flat at any size (one query: a keyset page loop would re-sort the scope per page).
 * The query never touches reporter_identities: an export cannot carry who reported.
 */
export function reportExportRows(
  pool: pg.Pool,
  scopePath: string,
  filter: ReportExportFilter,
): AsyncGenerator<ReportExportRow> {
  const { where, params } = exportWhere(scopePath, filter);
  return cursorRows<ReportExportRow>(pool, exportSelect(where), params, { settings: EXPORT_SETTINGS });
}

/**
 * Planner settings of an export query. The subtree tests (`<@`, a LIKE prefix) are estimated at a few
 * rows whatever the subtree holds, which invites a nested loop over every report and every place of a
 * province (hundreds of millions of comparisons); hash joins cost at most the small hash of places.
 * One export is one reader: parallel workers would only compete with Node for the same cores.
 */
const EXPORT_SETTINGS = [
  'SET LOCAL enable_nestloop = off',
  'SET LOCAL max_parallel_workers_per_gather = 0',
] as const;

/**
 * The export query. Costs measured at 1,000,000 rows shaped it: the region names come from one join
 * to the places of the exported subtree (not four joins per report); the local day uses the place's UTC
 * offset, looked up once per place (a zone name per report costs seconds; Indonesia's zones keep no
 * daylight saving, so the offset of today holds for any date); ISO instants are built from the UTC
 * text (to_char costs twice as much).
 */
function exportSelect(where: string): string {
  return `WITH places AS MATERIALIZED (
         SELECT r.code, (now() AT TIME ZONE r.timezone) - (now() AT TIME ZONE 'UTC') AS utc_offset,
                p.name AS province, g.name AS regency, d.name AS district,
                CASE WHEN r.level = 4 THEN r.name END AS village
           FROM regions r
           JOIN regions d ON d.code = CASE WHEN r.level = 4 THEN r.parent_code ELSE r.code END
           JOIN regions g ON g.code = subpath(r.path, 0, 2)::text
           JOIN regions p ON p.code = subpath(r.path, 0, 1)::text
          WHERE r.level >= 3 AND r.path <@ $1::ltree AND r.path <@ $2::ltree AND r.code LIKE $3)
     SELECT rep.id, ((rep.occurred_at AT TIME ZONE 'UTC') + pl.utc_offset)::date::text AS occurred_date,
            replace((rep.occurred_at AT TIME ZONE 'UTC')::text, ' ', 'T') || 'Z' AS occurred_at,
            replace((rep.created_at AT TIME ZONE 'UTC')::text, ' ', 'T') || 'Z' AS created_at,
            rep.category, rep.severity, rep.status, rep.title, rep.description,
            rep.channel, rep.region_code, pl.province, pl.regency, pl.district, pl.village,
            rep.lat, rep.lon, rep.duplicate_of
       FROM reports rep
       JOIN places pl ON pl.code = rep.region_code
      WHERE ${where}
      ORDER BY rep.occurred_at, rep.id`;
}

/** Columns that are numbers in the file; every other column is text and gets the formula guard. */
const NUMERIC_COLUMNS = new Set<keyof ReportExportRow>(['severity', 'lat', 'lon']);

/** The SQL of one text cell: prefixed with ' when a spreadsheet would run it as a formula (CSV injection). */
const guardedText = (column: string) =>
  `CASE WHEN left(x.${column}::text, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r')
        THEN '''' || x.${column}::text ELSE x.${column}::text END`;

/**
 * The rows of reportExportRows as CSV lines (no header; LF line ends), written by PostgreSQL's COPY
 * and passed on as bytes: no per-row parsing or formatting in Node, which is what lets a national
 * export of a million rows run at the database's pace. The stream follows the reader (backpressure),
 * so memory stays flat. COPY takes no bind parameters, so the filter values are escaped as literals
 * by the driver (they are validated codes, instants and enum values already).
 */
export function reportExportCsvLines(
  pool: pg.Pool,
  scopePath: string,
  filter: ReportExportFilter,
  columns: ReadonlyArray<keyof ReportExportRow>,
): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const client = await pool.connect();
    let finished = false;
    try {
      const { where, params } = exportWhere(scopePath, filter);
      const query = exportSelect(where).replace(/\$(\d+)/g, (_, n: string) =>
        client.escapeLiteral(String(params[Number(n) - 1])),
      );
      const cells = columns.map((c) => (NUMERIC_COLUMNS.has(c) ? `x.${c}` : guardedText(c)));
      await client.query('BEGIN READ ONLY');
      for (const setting of EXPORT_SETTINGS) await client.query(setting);
      const copy = client.query(
        copyTo(`COPY (SELECT ${cells.join(', ')} FROM (${query}) x) TO STDOUT (FORMAT csv)`),
      );
      // COPY sends a message per row; passing on ~64 KB at a time keeps the per-chunk cost down.
      let pending: Buffer[] = [];
      let size = 0;
      for await (const chunk of copy) {
        pending.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size >= 65_536) {
          yield Buffer.concat(pending, size);
          pending = [];
          size = 0;
        }
      }
      if (size > 0) yield Buffer.concat(pending, size);
      await client.query('COMMIT');
      finished = true;
    } finally {
      // A COPY left half-read keeps the connection mid-protocol: close it rather than reuse it.
      client.release(finished ? undefined : new Error('export stopped before its end'));
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
