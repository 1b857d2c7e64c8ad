import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES } from '../test-support/backends.js';
import { openDatabase, type Database } from './database.js';

// Named prepared statements are a PostgreSQL driver matter (PGlite runs in the process and has no pool), so
// this suite runs on PostgreSQL only; backends.ts makes a missing PostgreSQL an error under CI=true.
describe.skipIf(!POSTGRES)('prepared statements on PostgreSQL', () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await POSTGRES!.create();
    drop = created.drop;
    database = await openDatabase({ databaseUrl: created.databaseUrl, poolSize: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  const prepared = () =>
    database.system(async (tx) => (await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(tx)).rows);

  it('sends a parameterised statement once per connection as a named statement and reuses it', async () => {
    // One connection (poolSize 1), so every statement below runs where the first was prepared.
    const count = () => database.system((tx) => tx.selectFrom('organizations').select((eb) => eb.fn.countAll<string>().as('n')).where('name', '=', 'no such organisation').executeTakeFirstOrThrow());
    expect((await count()).n).toBe('0');
    expect((await count()).n).toBe('0');
    const named = (await prepared()).filter((p) => p.statement.includes('"organizations"') && p.statement.includes('count(*)'));
    expect(named).toHaveLength(1);
    expect(named[0]!.name).toMatch(/^y[0-9a-f]{16}$/);
  });

  it('leaves statements without parameters (BEGIN, COMMIT, the tenant settings message) unnamed, and bounds the cache per connection', async () => {
    await database.tenant({ orgId: '00000000-0000-0000-0000-000000000000' }, async (tx) => sql`SELECT 1`.execute(tx));
    expect((await prepared()).some((p) => /BEGIN|COMMIT|set_config\('role'/.test(p.statement))).toBe(false);
    // 300 different statement texts: the connection keeps at most 256 of them prepared, and all of them answer.
    for (let i = 0; i < 300; i++) {
      const row = await database.system((tx) => sql<{ v: number }>`SELECT ${i}::int + ${sql.raw(String(i))} AS v`.execute(tx));
      expect(row.rows[0]!.v).toBe(2 * i);
    }
    expect((await prepared()).length).toBeLessThanOrEqual(256);
  });

  it('DATABASE_PREPARED_STATEMENTS=0 (preparedStatements: false) sends every statement unnamed', async () => {
    const created = await POSTGRES!.create();
    const plain = await openDatabase({ databaseUrl: created.databaseUrl, poolSize: 1, preparedStatements: false });
    try {
      for (let i = 0; i < 2; i++) await plain.system((tx) => tx.selectFrom('organizations').select('id').where('name', '=', 'x').execute());
      const rows = await plain.system(async (tx) => (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(tx)).rows);
      expect(rows).toEqual([]);
    } finally {
      await plain.close();
      await created.drop();
    }
  });
});
