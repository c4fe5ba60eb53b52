import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  endOfLocalDay,
  NATIONAL_CODE,
  regionCodeSchema,
  startOfLocalDay,
  type Role,
  type TimeZoneId,
} from '@sinergi/shared';
import type pg from 'pg';
import type { Actor } from '../../http/actor.ts';
import type { Access } from '../../http/policy.ts';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import type { MeetingService } from '../meetings/index.ts';
import type { NeutralityService } from '../neutrality/index.ts';
import type { RegionService } from '../regions/index.ts';
import {
  reportExportCount,
  reportExportCsvLines,
  reportExportRows,
  type ReportExportRow,
} from '../reports/index.ts';
import type { RiskService } from '../risk/index.ts';
import { ACLED_COLUMNS, toAcled } from './acled.ts';
import { boundaryOf } from './boundaries.ts';
import {
  csvFromLines,
  csvStream,
  geojsonStream,
  xlsxStream,
  type ExportColumn,
  type ExportTable,
} from './engine.ts';

const EXPORTERS: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
];

const isoDate = z.iso.date();
const reportExportQuery = z
  .object({
    region: regionCodeSchema.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    status: z.enum(['new', 'verified', 'handling', 'resolved', 'rejected', 'duplicate']).optional(),
    category: z
      .string()
      .regex(/^[a-z_]{2,40}$/)
      .optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

const regionQuery = z.strictObject({ region: regionCodeSchema.optional() });

const access: Access = {
  roles: EXPORTERS,
  regions: (r: FastifyRequest) => [(r.query as { region?: string }).region],
};

const REPORT_COLUMNS: ExportColumn[] = [
  { key: 'id', header: 'ID laporan' },
  { key: 'occurred_date', header: 'Tanggal kejadian' },
  { key: 'occurred_at', header: 'Waktu kejadian (UTC)' },
  { key: 'created_at', header: 'Diterima (UTC)' },
  { key: 'category', header: 'Kategori' },
  { key: 'severity', header: 'Tingkat (1-4)' },
  { key: 'status', header: 'Status' },
  { key: 'title', header: 'Judul' },
  { key: 'description', header: 'Uraian' },
  { key: 'channel', header: 'Saluran' },
  { key: 'region_code', header: 'Kode wilayah' },
  { key: 'province', header: 'Provinsi' },
  { key: 'regency', header: 'Kabupaten/Kota' },
  { key: 'district', header: 'Kecamatan' },
  { key: 'village', header: 'Desa/Kelurahan' },
  { key: 'lat', header: 'Lintang' },
  { key: 'lon', header: 'Bujur' },
  { key: 'duplicate_of', header: 'Duplikat dari' },
];

function send(reply: FastifyReply, table: ExportTable, format: 'csv' | 'xlsx', rowCount?: number) {
  const body = format === 'csv' ? csvStream(table) : xlsxStream(table, 'Data');
  return sendFile(reply, table.name, format, body, rowCount);
}

function sendFile(
  reply: FastifyReply,
  name: string,
  format: 'csv' | 'xlsx',
  body: Readable,
  rowCount?: number,
) {
  // The number of data rows ahead, when known, lets the web app show how far a download has come.
  if (rowCount !== undefined) void reply.header('x-export-rows', String(rowCount));
  const type =
    format === 'csv'
      ? 'text/csv; charset=utf-8'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

const RISK_COLUMNS: ExportColumn[] = [
  { key: 'code', header: 'Kode wilayah' },
  { key: 'name', header: 'Nama wilayah' },
  { key: 'regionLevel', header: 'Tingkat wilayah (1-4)' },
  { key: 'score', header: 'Skor kerawanan (0-100)' },
  { key: 'level', header: 'Tingkat kerawanan' },
  { key: 'baseline', header: 'Skor dasar (IKP)' },
  { key: 'signal', header: 'Sinyal laporan' },
  { key: 'openReports', header: 'Laporan terbuka' },
  { key: 'reports24h', header: 'Laporan 24 jam' },
  { key: 'computedAt', header: 'Dihitung pada' },
];

const FOLLOW_UP_COLUMNS: ExportColumn[] = [
  { key: 'id', header: 'ID tindak lanjut' },
  { key: 'region', header: 'Wilayah' },
  { key: 'meeting', header: 'Rapat' },
  { key: 'meetingStartsAt', header: 'Waktu rapat' },
  { key: 'decision', header: 'Keputusan' },
  { key: 'title', header: 'Tindak lanjut' },
  { key: 'assignee', header: 'Penanggung jawab' },
  { key: 'dueOn', header: 'Tenggat' },
  { key: 'status', header: 'Status' },
  { key: 'overdue', header: 'Terlambat' },
  { key: 'completedAt', header: 'Selesai pada' },
];

const PLEDGE_COLUMNS: ExportColumn[] = [
  { key: 'code', header: 'Kode wilayah' },
  { key: 'name', header: 'Nama wilayah' },
  { key: 'campaigns', header: 'Kampanye' },
  { key: 'agencies', header: 'Instansi' },
  { key: 'signed', header: 'Sudah menandatangani' },
  { key: 'onTime', header: 'Tepat waktu' },
  { key: 'verified', header: 'Terverifikasi' },
  { key: 'pending', header: 'Menunggu verifikasi' },
  { key: 'returned', header: 'Dikembalikan' },
  { key: 'compliancePct', header: 'Kepatuhan (%)' },
  { key: 'overdueCount', header: 'Terlambat' },
];

async function* from<T>(items: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  for await (const item of items) yield item;
}

export interface ExportDeps {
  pool: pg.Pool;
  regions: RegionService;
  risk: RiskService;
  meetings: MeetingService;
  neutrality: NeutralityService;
}

/**
 * Data exports of the caller's scope, streamed (constant memory at any size). Reporter identity is
 * never part of an export: the report rows come from a query that does not touch it.
 */
export function registerExportRoutes(app: App, deps: ExportDeps): void {
  const resolve = async (actor: Actor, query: z.infer<typeof reportExportQuery>) => {
    const code = query.region ?? actor.scopeCode;
    const region =
      code === NATIONAL_CODE
        ? { path: '', timezone: 'Asia/Jakarta' as TimeZoneId }
        : await deps.regions.require(code);
    const timezone = region.timezone;
    return {
      code,
      filter: {
        regionPath: region.path,
        ...(query.from ? { from: startOfLocalDay(query.from, timezone).toISOString() } : {}),
        ...(query.to ? { to: endOfLocalDay(query.to, timezone).toISOString() } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.category ? { category: query.category } : {}),
      },
    };
  };
  const schema = (summary: string, querystring: z.ZodType = regionQuery) => ({
    tags: ['exports'],
    summary,
    querystring,
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/exports/reports.${format}`,
      {
        schema: schema(
          `Reports of a region as ${format.toUpperCase()} (never the reporter's identity)`,
          reportExportQuery,
        ),
        config: { access },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { code, filter } = await resolve(actor, request.query as z.infer<typeof reportExportQuery>);
        const total = await reportExportCount(deps.pool, actor.scopePath, filter);
        const name = `laporan-${code}`;
        if (format === 'csv') {
          // The largest export (a million rows nationally): PostgreSQL writes the CSV lines itself.
          const keys = REPORT_COLUMNS.map((c) => c.key as keyof ReportExportRow);
          const lines = reportExportCsvLines(deps.pool, actor.scopePath, filter, keys);
          return sendFile(reply, name, 'csv', csvFromLines(REPORT_COLUMNS, lines), total);
        }
        const rows = reportExportRows(deps.pool, actor.scopePath, filter);
        return send(reply, { name, columns: REPORT_COLUMNS, rows }, format, total);
      },
    );

    app.get(
      `/api/v1/exports/risk.${format}`,
      {
        schema: schema(`Vulnerability scores of a region's children as ${format.toUpperCase()}`),
        config: { access },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const code = (request.query as { region?: string }).region ?? actor.scopeCode;
        const list = await deps.risk.list(actor, { parent: code });
        const rows = from(list.items.map((item) => ({ ...item, computedAt: list.computedAt })));
        return send(
          reply,
          { name: `kerawanan-${code}`, columns: RISK_COLUMNS, rows },
          format,
          list.items.length,
        );
      },
    );
  }

  app.get(
    '/api/v1/exports/follow-ups.csv',
    {
      schema: schema('Follow-ups of the meetings of a region as CSV (XLSX: GET /api/v1/follow-ups.xlsx)'),
      config: { access },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const code = (request.query as { region?: string }).region ?? actor.scopeCode;
      const pages = await deps.meetings.followUpPages(actor, { region: code });
      async function* rows() {
        for await (const page of pages) {
          for (const f of page) {
            yield {
              id: f.id,
              region: f.region.name,
              meeting: f.meeting.title,
              meetingStartsAt: f.meeting.startsAt,
              decision: `${f.decision.number}. ${f.decision.text}`,
              title: f.title,
              assignee: [f.assignee.name, f.assignee.institution].filter(Boolean).join(' — '),
              dueOn: f.dueOn,
              status: f.status,
              overdue: f.overdue ? 'ya' : 'tidak',
              completedAt: f.completedAt,
            };
          }
        }
      }
      return send(reply, { name: `tindak-lanjut-${code}`, columns: FOLLOW_UP_COLUMNS, rows: rows() }, 'csv');
    },
  );

  app.get(
    '/api/v1/exports/pledges.csv',
    {
      schema: schema(
        "Neutrality pledge compliance of a region's children as CSV (XLSX: GET /api/v1/pledge-campaigns/rollup.xlsx)",
      ),
      config: { access },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const code = (request.query as { region?: string }).region ?? actor.scopeCode;
      const rollup = await deps.neutrality.campaigns.rollup(actor, { region: code });
      const rows = from([...rollup.items, { ...rollup.totals, code: rollup.region.code, name: 'JUMLAH' }]);
      return send(
        reply,
        { name: `fakta-integritas-${code}`, columns: PLEDGE_COLUMNS, rows },
        'csv',
        rollup.items.length + 1,
      );
    },
  );

  app.get(
    '/api/v1/exports/regions.geojson',
    {
      schema: schema("A region's children with their vulnerability scores as GeoJSON"),
      config: { access },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const code = (request.query as { region?: string }).region ?? actor.scopeCode;
      const list = await deps.risk.list(actor, { parent: code });
      const features = from(
        list.items.map((item) => ({
          type: 'Feature',
          // Provinces and regencies have boundaries; districts and villages a null geometry.
          geometry: boundaryOf(item.code),
          properties: { ...item, computedAt: list.computedAt },
        })),
      );
      return reply
        .type('application/geo+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="wilayah-${code}.geojson"`)
        .header('cache-control', 'no-store')
        .header('x-export-rows', String(list.items.length))
        .send(geojsonStream(features));
    },
  );

  app.get(
    '/api/v1/exports/acled.csv',
    {
      schema: schema(
        'Reports as an ACLED-style event table (category mapping in docs/exports.md)',
        reportExportQuery,
      ),
      config: { access },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { code, filter } = await resolve(actor, request.query as z.infer<typeof reportExportQuery>);
      const total = await reportExportCount(deps.pool, actor.scopePath, filter);
      async function* events() {
        for await (const row of reportExportRows(deps.pool, actor.scopePath, filter)) yield toAcled(row);
      }
      return send(
        reply,
        { name: `acled-${code}`, columns: [...ACLED_COLUMNS], rows: events() },
        'csv',
        total,
      );
    },
  );
}
