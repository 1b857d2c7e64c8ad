import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BACKENDS, POSTGRES } from '../test-support/backends.js';
import { openDatabase, type Database } from './database.js';

// A session's cached plans are dropped once they are planLifetimeMs old (plan-refresh.ts): a plan made while a
// table was small would otherwise stay a sequential scan as the table grows, with no ANALYZE to replace it.
describe.each(BACKENDS)('cached plans on $name', (backend) => {
  it('are made again on the grown table once they are old, and kept until then', async () => {
    const { databaseUrl, drop } = await backend.create();
    const lifetimeMs = 2_500;
    // One connection, so every transaction below runs on the session that cached the plan.
    const database = await openDatabase({ databaseUrl, poolSize: 1, planLifetimeMs: lifetimeMs });
    try {
      await database.system(async (tx) => {
        await sql`CREATE TABLE parent (id int PRIMARY KEY, pad text)`.execute(tx);
        await sql`CREATE TABLE child (parent_id int NOT NULL REFERENCES parent (id))`.execute(tx);
        await sql`INSERT INTO parent VALUES (1, 'one')`.execute(tx);
        // Statistics of a one-row table, as a fresh install has them.
        await sql`ANALYZE parent`.execute(tx);
      });
      const started = Date.now();
      // A child row in its own transaction: how its foreign-key check read the parent table (the scans of the
      // transaction itself, so no statistics need to be flushed).
      const insertChild = () =>
        database.system(async (tx) => {
          await sql`INSERT INTO child VALUES (${1})`.execute(tx);
          const row = await sql<{ seq: string; idx: string }>`SELECT seq_scan::text AS seq, coalesce(idx_scan, 0)::text AS idx FROM pg_stat_xact_user_tables WHERE relname = 'parent'`.execute(tx);
          return Number(row.rows[0]!.seq) > 0 ? 'sequential' : Number(row.rows[0]!.idx) > 0 ? 'index' : 'none';
        });
      // On the small table the check is a sequential scan, and after a few runs the session keeps that plan.
      for (let i = 0; i < 6; i++) expect(await insertChild()).toBe('sequential');
      await database.system(async (tx) => sql`INSERT INTO parent SELECT g, repeat('x', 100) FROM generate_series(2, 30000) g`.execute(tx));
      // Within the lifetime the kept plan still scans the grown table: the case this guards against.
      const checked = await insertChild();
      if (Date.now() - started < lifetimeMs) expect(checked).toBe('sequential');
      await new Promise((r) => setTimeout(r, lifetimeMs + 50));
      expect(await insertChild()).toBe('index');
    } finally {
      await database.close();
      await drop();
    }
  });
});

describe.skipIf(!POSTGRES)('session settings on PostgreSQL', () => {
  const jitOf = (database: Database) => database.system(async (tx) => (await sql<{ jit: string }>`SELECT current_setting('jit') AS jit`.execute(tx)).rows[0]!.jit);

  it('turns JIT off, unless the URL sets its own options', async () => {
    const { databaseUrl, drop } = await POSTGRES!.create();
    const plain = await openDatabase({ databaseUrl, poolSize: 1 });
    const url = new URL(databaseUrl!);
    url.searchParams.set('options', '-c jit=on');
    const own = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    try {
      expect(await jitOf(plain)).toBe('off');
      expect(await jitOf(own)).toBe('on');
    } finally {
      await plain.close();
      await own.close();
      await drop();
    }
  });
});
