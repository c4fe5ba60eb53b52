import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.ts';
import { connect, disconnect, runPrepared } from './index.ts';
import { arrayLiteral } from './prepared.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let connection: ReturnType<typeof connect>;

beforeAll(async () => {
  database = await createTestDatabase();
  connection = connect(database.url, 'server', 2);
});

afterAll(async () => {
  await disconnect(connection);
  await database.drop();
});

const preparedHere = async (executor: Parameters<typeof runPrepared>[0]) =>
  (
    await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements ORDER BY statement`.execute(
      executor,
    )
  ).rows.map((r) => r.statement);

describe('runPrepared', () => {
  it('runs a statement prepared on the connection, in a transaction too, with each call’s values', async () => {
    const sum = (a: number, b: number) => sql<{ n: number }>`SELECT ${a}::int + ${b}::int AS n /* sum */`;
    await connection.db.connection().execute(async (db) => {
      expect((await runPrepared(db, sum(1, 2))).rows).toEqual([{ n: 3 }]);
      expect(await preparedHere(db)).toEqual(['SELECT $1::int + $2::int AS n /* sum */']);
      expect((await runPrepared(db, sum(40, 2))).rows).toEqual([{ n: 42 }]);
      // A statement not run through runPrepared stays unnamed.
      await sql`SELECT ${1}::int AS plain`.execute(db);
      expect(await preparedHere(db)).toEqual(['SELECT $1::int + $2::int AS n /* sum */']);
    });
    const inTransaction = await connection.db
      .transaction()
      .execute(async (trx) => [(await runPrepared(trx, sum(5, 6))).rows, await preparedHere(trx)]);
    expect(inTransaction).toEqual([[{ n: 11 }], ['SELECT $1::int + $2::int AS n /* sum */']]);
  });

  it('reports an error of the prepared statement to its caller, and the connection stays usable', async () => {
    const divide = (a: number) => sql<{ n: number }>`SELECT 10 / ${a}::int AS n /* divide */`;
    await connection.db.connection().execute(async (db) => {
      await expect(runPrepared(db, divide(0))).rejects.toThrow(/division by zero/);
      expect((await runPrepared(db, divide(5))).rows).toEqual([{ n: 2 }]);
    });
  });
});

describe('array parameters', () => {
  // Every character PostgreSQL's array syntax reads, and strings that look like its words.
  const awkward = [
    'plain',
    '15.04.01.2002',
    '',
    'NULL',
    'null',
    'Null',
    'with space',
    ' leading',
    'trailing ',
    'a,b',
    '{braces}',
    '}',
    'quote"d',
    '"',
    'back\\slash',
    '\\',
    '\\x00',
    'line\nbreak',
    'tab\there',
    'carriage\rreturn',
    'form\ffeed',
    'Pembagian "amplop" di {desa}, malam hari \\ pukul 21.00',
    'ünïcødé ✓ 日本',
    'no\u00a0break',
  ];

  it('reaches PostgreSQL as the same values, whatever their characters', async () => {
    const values = [...awkward, null];
    const { rows } = await sql<{ a: Array<string | null> }>`SELECT ${values}::text[] AS a`.execute(
      connection.db,
    );
    expect(rows[0]?.a).toEqual(values);
    // And element by element, as the report writer reads them through unnest.
    const unnested = await sql<{ v: string | null }>`
      SELECT v FROM unnest(${values}::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n`.execute(connection.db);
    expect(unnested.rows.map((r) => r.v)).toEqual(values);
  });

  it('carries numbers, booleans, buffers, ids, instants and nulls of every column type the writers use', async () => {
    const ids = [crypto.randomUUID(), null, crypto.randomUUID().toUpperCase()];
    const instants = ['2024-11-26T21:30:00+07:00', '2026-12-08T00:00:00.000Z', null];
    const hashes = [Buffer.from([0, 1, 254, 255]), Buffer.alloc(0), null, Buffer.from('\\"{},', 'utf8')];
    const { rows } = await sql<{
      ints: Array<number | null>;
      small: number[];
      floats: Array<number | null>;
      flags: Array<boolean | null>;
      bytes: Array<Buffer | null>;
      uuids: Array<string | null>;
      epochs: Array<number | null>;
      big: string[];
    }>`
      SELECT ${[1, -2, null, 2147483647]}::int[] AS ints, ${[1, 4]}::smallint[] AS small,
             ${[-6.5, 0, 106.123456789, 1e-7, null]}::float8[] AS floats, ${[true, false, null]}::boolean[] AS flags,
             ${hashes}::bytea[] AS bytes, ${ids}::uuid[] AS uuids,
             array(SELECT extract(epoch FROM x)::float8 FROM unnest(${instants}::timestamptz[]) AS x) AS epochs,
             (${[9007199254740993n]}::int8[])::text[] AS big`.execute(connection.db);
    expect(rows[0]).toEqual({
      ints: [1, -2, null, 2147483647],
      small: [1, 4],
      floats: [-6.5, 0, 106.123456789, 1e-7, null],
      flags: [true, false, null],
      bytes: hashes,
      uuids: [ids[0], null, ids[2]?.toLowerCase()],
      epochs: [Date.parse('2024-11-26T14:30:00Z') / 1000, Date.parse('2026-12-08T00:00:00Z') / 1000, null],
      big: ['9007199254740993'],
    });
  });

  it('leaves arrays of other elements to pg: nested arrays, dates, objects; an empty array is empty', async () => {
    expect(arrayLiteral([[1, 2]])).toBeUndefined();
    expect(arrayLiteral([new Date(0)])).toBeUndefined();
    expect(arrayLiteral([{ a: 1 }])).toBeUndefined();
    const { rows } = await sql<{ nested: number[][]; epoch: number; empty: number }>`
      SELECT ${[
        [1, 2],
        [3, 4],
      ]}::int[] AS nested,
             extract(epoch FROM (${[new Date(Date.UTC(2024, 10, 27))]}::timestamptz[])[1])::float8 AS epoch,
             cardinality(${[]}::text[]) AS empty`.execute(connection.db);
    expect(rows[0]).toEqual({
      nested: [
        [1, 2],
        [3, 4],
      ],
      epoch: Date.UTC(2024, 10, 27) / 1000,
      empty: 0,
    });
  });

  it('quotes only what must be quoted', () => {
    expect(arrayLiteral(['15.04', 'a b', '', 'NULL', 'x"y', 'x\\y', null, 3, true])).toBe(
      '{15.04,"a b","","NULL","x\\"y","x\\\\y",NULL,3,true}',
    );
    expect(arrayLiteral([Buffer.from([171, 205])])).toBe('{\\\\xabcd}');
  });
});
