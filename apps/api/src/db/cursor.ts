import Cursor from 'pg-cursor';
import type pg from 'pg';

/**
 * Rows of a query read through a server-side cursor, a batch at a time, on a connection of its own:
 * memory stays flat however many rows there are. The connection is released when the consumer stops.
 */
export async function* cursorRows<T extends Record<string, unknown>>(
  pool: pg.Pool,
  text: string,
  values: unknown[],
  batchSize = 2000,
): AsyncGenerator<T> {
  const client = await pool.connect();
  const cursor = client.query(new Cursor<T>(text, values));
  try {
    while (true) {
      const rows = await cursor.read(batchSize);
      if (rows.length === 0) return;
      yield* rows;
    }
  } finally {
    await cursor.close().catch(() => undefined);
    client.release();
  }
}
