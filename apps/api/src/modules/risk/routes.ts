import crypto from 'node:crypto';
import fs from 'node:fs';
import type {} from '@fastify/multipart';
import { z } from 'zod';
import {
  regionCodeSchema,
  riskBaselineImportResultSchema,
  riskDetailSchema,
  riskHistoryQuerySchema,
  riskHistorySchema,
  riskListQuerySchema,
  riskListSchema,
} from '@sinergi/shared';
import { AppError } from '../../http/errors.ts';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { parseBaselineUpload } from './baseline-file.ts';
import { jsonRowsToRaw } from './baseline-validate.ts';
import { riskAccess } from './policy.ts';
import type { RiskService } from './service.ts';

/** A baseline file is a table of a few thousand rows at most; 5 MB is generous. */
const BASELINE_MAX_BYTES = 5 * 1024 * 1024;
export const SAMPLE_BASELINE_PATH = new URL('./sample/ikp-baseline-demo.csv', import.meta.url).pathname;

const jsonImportSchema = z.object({ rows: z.array(z.unknown()) });

export function registerRiskRoutes(app: App, service: RiskService): void {
  app.get(
    '/api/v1/risk',
    {
      schema: {
        tags: ['risk'],
        summary: "Vulnerability scores of a region's children (no parent: the caller's scope), highest first",
        querystring: riskListQuerySchema,
        response: { 200: riskListSchema },
      },
      config: { access: riskAccess.list },
    },
    async (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/risk/:code',
    {
      schema: {
        tags: ['risk'],
        summary:
          'One region’s score with its explanation: baseline by dimension, top reports, how it was formed',
        params: z.object({ code: regionCodeSchema }),
        response: { 200: riskDetailSchema },
      },
      config: { access: riskAccess.read },
    },
    async (request) => service.detail(requireActor(request), request.params.code),
  );

  app.get(
    '/api/v1/risk/:code/history',
    {
      schema: {
        tags: ['risk'],
        summary: 'Daily scores of a region (snapshots; days without one are reconstructed; today is live)',
        params: z.object({ code: regionCodeSchema }),
        querystring: riskHistoryQuerySchema,
        response: { 200: riskHistorySchema },
      },
      config: { access: riskAccess.read },
    },
    async (request) => service.history(requireActor(request), request.params.code, request.query),
  );

  app.put(
    '/api/v1/risk/baseline',
    {
      schema: {
        tags: ['risk'],
        summary:
          'Import baseline indicator scores (IKP structure) as a CSV/XLSX file (multipart "file") or JSON {rows}',
        description:
          'Columns: regionCode, socialPolitical, electionAdministration, contestation, participation (0–100), ' +
          'source, measuredOn (YYYY-MM-DD). Any bad cell: 400 risk.baseline_invalid naming row and column, nothing imported. ' +
          'A region already imported gets the new values; its earlier baseline stays in the history.',
        response: { 200: riskBaselineImportResultSchema },
      },
      config: { access: riskAccess.importBaseline },
    },
    async (request) => {
      const actor = requireActor(request);
      if (request.isMultipart()) {
        const file = await request.file({ limits: { fileSize: BASELINE_MAX_BYTES + 1, files: 1 } });
        if (!file) throw new AppError('upload.missing');
        let buffer: Buffer;
        try {
          buffer = await file.toBuffer();
        } catch {
          throw new AppError('upload.too_large', [{ maxBytes: BASELINE_MAX_BYTES }]);
        }
        if (buffer.length > BASELINE_MAX_BYTES)
          throw new AppError('upload.too_large', [{ maxBytes: BASELINE_MAX_BYTES }]);
        const parsed = await parseBaselineUpload(buffer);
        return service.importBaseline(actor, {
          format: parsed.format,
          rows: parsed.rows,
          filename: file.filename.slice(0, 255) || null,
          sha256: crypto.createHash('sha256').update(buffer).digest('hex'),
        });
      }
      const body = jsonImportSchema.safeParse(request.body);
      if (!body.success) {
        throw new AppError('validation.invalid', [
          {
            in: 'body',
            path: 'rows',
            message: 'send {"rows": [...]} as JSON or a CSV/XLSX file as multipart "file"',
          },
        ]);
      }
      return service.importBaseline(actor, { format: 'json', rows: jsonRowsToRaw(body.data.rows) });
    },
  );

  app.get(
    '/api/v1/risk/baseline/sample.csv',
    {
      schema: {
        tags: ['risk'],
        summary:
          'The documented sample baseline file (illustrative values for the demo regions, not real IKP figures)',
      },
      config: { access: riskAccess.importBaseline },
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="ikp-baseline-contoh.csv"')
        .send(fs.readFileSync(SAMPLE_BASELINE_PATH)),
  );
}
