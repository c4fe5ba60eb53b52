import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.ts';
import { connect, disconnect, runPrepared } from './index.ts';

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
