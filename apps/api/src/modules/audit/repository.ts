import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../db/index.ts';

export interface AuditEntry {
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  regionPath: string | null;
  changes: Record<string, unknown>;
}

interface ChainRow {
  id: number;
  at_us: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  region_path: string | null;
  changes: string;
}

// Same key on every process: only one chainer at a time extends the chain.
const CHAIN_LOCK_KEY = 7_406_221_002;
const GENESIS_HASH = '0'.repeat(64);

/** The hash of one entry covers its place, its predecessor and every recorded field. */
export function entryHash(prevHash: string, chainPos: number, row: ChainRow): string {
  return crypto
    .createHash('sha256')
    .update(
      [
        prevHash,
        chainPos,
        row.id,
        row.at_us,
        row.actor_id ?? '',
        row.actor_label,
        row.action,
        row.entity_type,
        row.entity_id ?? '',
        row.region_path ?? '',
        row.changes,
      ].join('\u001f'),
    )
    .digest('hex');
}

const ROW_COLUMNS = `id, (extract(epoch FROM at) * 1000000)::bigint::text AS at_us, actor_id, actor_label, action,
  entity_type, entity_id, region_path::text AS region_path, changes::text AS changes`;

export function createAuditRepository(db: Kysely<DB>, pool: pg.Pool) {
  return {
    /** Inserts entries in one statement, in the order given (their ids, and so the chain, follow it). */
    async insert(trx: Transaction<DB> | Kysely<DB>, entries: AuditEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await trx
        .insertInto('audit_log')
        .values(
          entries.map((entry) => ({
            actor_id: entry.actorId,
            actor_label: entry.actorLabel,
            action: entry.action,
            entity_type: entry.entityType,
            entity_id: entry.entityId,
            region_path: entry.regionPath,
            changes: JSON.stringify(entry.changes),
          })),
        )
        .execute();
    },

    /** Gives committed, unchained rows their chain position and hash. Returns how many it chained. */
    async chainPending(batchSize: number): Promise<number> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // The chain lock and the head in one round trip: passes run many times a second under load.
        const locked = (
          await client.query<{ ok: boolean; chain_pos: number | null; hash: string | null }>(
            `SELECT l.ok, h.chain_pos, h.hash
               FROM (SELECT pg_try_advisory_xact_lock($1) AS ok) AS l
               LEFT JOIN LATERAL (SELECT chain_pos, hash FROM audit_head WHERE l.ok FOR UPDATE) AS h ON true`,
            [CHAIN_LOCK_KEY],
          )
        ).rows[0];
        if (!locked?.ok) {
          await client.query('ROLLBACK');
          return 0;
        }
        if (locked.chain_pos === null || locked.hash === null) throw new Error('audit_head is missing');
        const head = { chain_pos: locked.chain_pos, hash: locked.hash };
        const pending = await client.query<ChainRow>(
          `SELECT ${ROW_COLUMNS} FROM audit_log WHERE chain_pos IS NULL ORDER BY id LIMIT $1`,
          [batchSize],
        );
        if (pending.rows.length === 0) {
          await client.query('ROLLBACK');
          return 0;
        }
        let prev = head.hash;
        let pos = Number(head.chain_pos);
        const ids: number[] = [];
        const positions: number[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        for (const row of pending.rows) {
          pos += 1;
          const hash = entryHash(prev, pos, row);
          ids.push(Number(row.id));
          positions.push(pos);
          prevs.push(prev);
          hashes.push(hash);
          prev = hash;
        }
        // The rows and the head in one statement. `chain_pos IS NULL` lets the planner find the rows
        // through the index of unchained rows: joined on id alone, it scanned the whole log when its
        // statistics were old (this update took 8–18 ms on a server without autovacuum).
        const chained = await client.query<{ n: number }>(
          `WITH chained AS (
             UPDATE audit_log a SET chain_pos = u.pos, prev_hash = u.prev, hash = u.hash
               FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(id, pos, prev, hash)
              WHERE a.id = u.id AND a.chain_pos IS NULL
             RETURNING 1
           ), head AS (
             UPDATE audit_head SET chain_pos = $5, hash = $6 RETURNING 1
           )
           SELECT (SELECT count(*) FROM chained)::int AS n`,
          [ids, positions, prevs, hashes, pos, prev],
        );
        // The pass holds the chain lock, so every row it read is still unchained; anything else is a bug.
        if (chained.rows[0]?.n !== ids.length)
          throw new Error('audit chain: rows changed under the chain lock');
        await client.query('COMMIT');
        return ids.length;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    /** Walks the whole chain in order; the first entry whose hash or link does not hold is reported. */
    async verify(): Promise<VerifyResult> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const head = (
          await client.query<{ chain_pos: number; hash: string }>('SELECT chain_pos, hash FROM audit_head')
        ).rows[0];
        let prev = GENESIS_HASH;
        let expectedPos = 0;
        let checked = 0;
        let lastPos = 0;
        const pageSize = 10_000;
        while (true) {
          const page = await client.query<ChainRow & { chain_pos: number; prev_hash: string; hash: string }>(
            `SELECT ${ROW_COLUMNS}, chain_pos, prev_hash, hash FROM audit_log
              WHERE chain_pos > $1 ORDER BY chain_pos LIMIT $2`,
            [lastPos, pageSize],
          );
          for (const row of page.rows) {
            expectedPos += 1;
            const pos = Number(row.chain_pos);
            if (pos !== expectedPos) {
              return {
                ok: false,
                checked,
                firstBroken: {
                  chainPos: expectedPos,
                  id: Number(row.id),
                  reason: `entry ${expectedPos} is missing (next found is ${pos})`,
                },
              };
            }
            if (row.prev_hash !== prev) {
              return {
                ok: false,
                checked,
                firstBroken: {
                  chainPos: pos,
                  id: Number(row.id),
                  reason: 'link to the previous entry does not match (deleted or reordered entries)',
                },
              };
            }
            if (entryHash(prev, pos, row) !== row.hash) {
              return {
                ok: false,
                checked,
                firstBroken: {
                  chainPos: pos,
                  id: Number(row.id),
                  reason: 'content does not match its hash (edited entry)',
                },
              };
            }
            prev = row.hash;
            checked += 1;
          }
          if (page.rows.length < pageSize) break;
          lastPos = Number(page.rows[page.rows.length - 1]?.chain_pos);
        }
        if (head && (Number(head.chain_pos) !== expectedPos || head.hash !== prev)) {
          return {
            ok: false,
            checked,
            firstBroken: {
              chainPos: expectedPos + 1,
              id: null,
              reason: `the chain ends at ${expectedPos} but its head records ${head.chain_pos} (entries deleted at the end)`,
            },
          };
        }
        const pending = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM audit_log WHERE chain_pos IS NULL',
        );
        await client.query('COMMIT');
        return { ok: true, checked, pending: pending.rows[0]?.n ?? 0 };
      } finally {
        client.release();
      }
    },

    async countFor(entityType: string, entityId: string): Promise<number> {
      const r = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = ${entityType} AND entity_id = ${entityId}`.execute(
        db,
      );
      return r.rows[0]?.n ?? 0;
    },
  };
}

export type VerifyResult =
  | { ok: true; checked: number; pending: number }
  | { ok: false; checked: number; firstBroken: { chainPos: number; id: number | null; reason: string } };

export type AuditRepository = ReturnType<typeof createAuditRepository>;
