import Cursor from 'pg-cursor';
import type pg from 'pg';

/**
 * Rows of a query read through a server-side cursor, a batch at a time, on a connection of its own:
 * memory stays flat however many rows there are. `settings` (e.g. `SET LOCAL enable_nestloop = off`)
 * hold for this query only: it runs in a read-only transaction of its own. The connection is released
 * when the consumer stops; one left mid-read is closed rather than reused.
 */
export async function* cursorRows<T extends Record<string, unknown>>(
  pool: pg.Pool,
  text: string,
  values: unknown[],
  options: { batchSize?: number; settings?: readonly string[] } = {},
): AsyncGenerator<T> {
  const client = await pool.connect();
  let finished = false;
  try {
    await client.query('BEGIN READ ONLY');
    for (const setting of options.settings ?? []) await client.query(setting);
    const cursor = client.query(new Cursor<T>(text, values));
    while (true) {
      const rows = await cursor.read(options.batchSize ?? 2000);
      if (rows.length === 0) break;
      yield* rows;
    }
    await cursor.close();
    await client.query('COMMIT');
    finished = true;
  } finally {
    client.release(finished ? undefined : new Error('cursor left before its end'));
  }
}
