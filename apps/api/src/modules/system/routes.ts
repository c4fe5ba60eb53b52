import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/index.ts';
import type { App } from '../../http/types.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['up', 'down']),
  version: z.string(),
});

export function registerSystemRoutes(app: App, database: Database, version: string): void {
  app.get(
    '/api/v1/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Whether the API and its database answer',
        response: { 200: healthSchema, 503: healthSchema },
      },
      config: { access: { public: true } },
    },
    async (_request, reply) => {
      const up = await Promise.race([
        sql`SELECT 1`.execute(database.db).then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
      ]);
      return reply
        .status(up ? 200 : 503)
        .send({ status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down', version });
    },
  );
}
