import crypto from 'node:crypto';
import type {
  CompiledQuery,
  PostgresPool,
  PostgresPoolClient,
  QueryExecutorProvider,
  QueryResult,
  RawBuilder,
} from 'kysely';
import type pg from 'pg';

/** Distinct statement texts kept prepared; past this, queries run unnamed (a caller whose text varies). */
const MAX_PREPARED_TEXTS = 200;
const names = new Map<string, string>();

/** The statement name of a text, remembered; undefined once MAX_PREPARED_TEXTS texts are known. */
function nameFor(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_PREPARED_TEXTS) {
    name = `sinergi_${crypto.createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a compiled query as a named prepared statement, so that PostgreSQL parses and plans it once per
 * connection (and, after five runs, may keep a generic plan) instead of on every call. Meant for hot
 * queries whose text takes a few shapes and whose values are all parameters: each distinct text stays
 * prepared on every connection of the pool. The name is derived from the text, so a name can never
 * stand for two texts.
 */
export async function executePrepared<R>(pool: pg.Pool, query: CompiledQuery<R>): Promise<R[]> {
  const name = nameFor(query.sql);
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

/** What `runPrepared` needs of a Kysely instance or transaction, whatever its tables. */
interface PreparingExecutor extends QueryExecutorProvider {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * Runs a `sql` template as a named prepared statement on the connection of `executor` (inside its
 * transaction, if it is one), through `preparingPool`. For the statements of the report writer's
 * transaction, run on every group commit: parsing and planning them took about a quarter of the CPU
 * of the backend all report transactions queue for. Only for texts that do not vary with their
 * values (rows passed as arrays through unnest or ANY), or every variant would be prepared.
 * A generic plan is kept until the statistics of its tables change, so such a statement must not
 * need them for a good plan: the alert window read once joined whole tables that way and slowed
 * every group commit as they grew. PostgreSQL itself goes back to planning per call where the
 * generic plan looks dearer (the risk statement, once risk_reports is large).
 */
export async function runPrepared<R>(
  executor: PreparingExecutor,
  query: RawBuilder<R>,
): Promise<QueryResult<R>> {
  const compiled = query.compile(executor);
  nameFor(compiled.sql);
  return executor.executeQuery(compiled);
}

/**
 * Array elements sent as they are: nothing in them that PostgreSQL's array syntax reads (braces,
 * quotes, commas, backslashes, white space). Anything else is quoted, as pg quotes every element.
 */
const PLAIN_ELEMENT = /^[^\s{}",\\]+$/;

/**
 * The text form of an array parameter: PostgreSQL reads the same values from it as from pg's (which
 * quotes every element), or undefined when an element is not a string, number, boolean, buffer or
 * null (pg then serialises the array itself).
 * pg appends element by element to one string. A batch import's arrays (thirteen columns of 1,000
 * values in one statement) became ropes of tens of thousands of pieces, alive across scavenges: the
 * largest allocation of the import (29% of its bytes, sampled 2026-12-08). Here each element is one
 * short string, most need no quotes, and they are joined once. Measured on 30,000 reports by batch
 * (two alternating pairs): scavenge and compaction time 1,172 and 1,387 ms against 1,478 and 1,490,
 * server CPU 150 and 142 ms per 1,000 reports against 157 and 157.
 */
export function arrayLiteral(values: readonly unknown[]): string | undefined {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (typeof value === 'string') parts[i] = arrayElement(value);
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
      parts[i] = String(value);
    // Inside an array literal a backslash escapes the next character: "\\x…" reaches bytea as \x….
    else if (Buffer.isBuffer(value)) parts[i] = `\\\\x${value.toString('hex')}`;
    else return undefined;
  }
  return `{${parts.join(',')}}`;
}

function arrayElement(value: string): string {
  const isNullWord = value.length === 4 && value.toUpperCase() === 'NULL';
  if (PLAIN_ELEMENT.test(value) && !isNullWord) return value;
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

const parameterOf = (value: unknown): unknown =>
  Array.isArray(value) ? (arrayLiteral(value) ?? value) : value;

/**
 * The pool as Kysely sees it: a query whose text `runPrepared` or `executePrepared` has named goes out
 * as that named prepared statement (parsed once per connection), any other as before.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = (textOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown => {
      if (typeof textOrCursor === 'string') {
        const name = names.get(textOrCursor);
        const values = (parameters ?? []).map(parameterOf);
        return name === undefined
          ? client.query(textOrCursor, values)
          : client.query({ name, text: textOrCursor, values });
      }
      return client.query(textOrCursor as pg.Submittable);
    };
    return {
      query: query as PostgresPoolClient['query'],
      release: (destroy?: boolean) => client.release(destroy),
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let own = wrapped.get(client);
      if (!own) {
        own = wrap(client);
        wrapped.set(client, own);
      }
      return own;
    },
    end: () => pool.end(),
  };
}
