import crypto from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import type pg from 'pg';

/** Distinct statement texts kept prepared; past this, queries run unnamed (a caller whose text varies). */
const MAX_PREPARED_TEXTS = 200;
const names = new Map<string, string>();

/**
 * Runs a compiled query as a named prepared statement, so that PostgreSQL parses and plans it once per
 * connection (and, after five runs, may keep a generic plan) instead of on every call. Meant for hot
 * queries whose text takes a few shapes and whose values are all parameters: each distinct text stays
 * prepared on every connection of the pool. The name is derived from the text, so a name can never
 * stand for two texts.
 */
export async function executePrepared<R>(pool: pg.Pool, query: CompiledQuery<R>): Promise<R[]> {
  let name = names.get(query.sql);
  if (name === undefined && names.size < MAX_PREPARED_TEXTS) {
    name = `sinergi_${crypto.createHash('sha256').update(query.sql).digest('hex').slice(0, 32)}`;
    names.set(query.sql, name);
  }
  const result = await pool.query<R & pg.QueryResultRow>(
    name === undefined
      ? { text: query.sql, values: [...query.parameters] }
      : { name, text: query.sql, values: [...query.parameters] },
  );
  return result.rows;
}

/**
 * A query built and compiled once, then run prepared with new values on each call: for lookups made on
 * every request, where building the query each time cost more than running it. `compiled` is made
 * with placeholder values; each call passes values in the same order.
 */
export function preparedLookup<R>(
  pool: pg.Pool,
  compiled: CompiledQuery<R>,
): (...values: unknown[]) => Promise<R[]> {
  const arity = compiled.parameters.length;
  return (...values) => {
    if (values.length !== arity) throw new Error(`expected ${arity} query values, got ${values.length}`);
    return executePrepared(pool, { ...compiled, parameters: values });
  };
}
