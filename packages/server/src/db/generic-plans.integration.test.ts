import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, POSTGRES } from '../test-support/backends.js';
import { openDatabase, type Database, type Tx } from './database.js';

// `tenant(…, { genericPlans: true })` (database.ts): the transaction's prepared statements run on their generic
// plan, and the setting ends with the transaction, so other work on the same connection plans as before.
describe.each(BACKENDS)('generic plans on $name', (backend) => {
  let database: Database;
  let drop: () => Promise<void>;
  const orgId = randomUUID();

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    // One connection: every transaction below runs where the one before it ended.
    database = await openDatabase({ databaseUrl: created.databaseUrl, poolSize: 1 });
    await database.system((tx) => tx.insertInto('organizations').values({ id: orgId, name: 'generic-plans' }).execute());
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  const mode = async (tx: Tx) => (await sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`.execute(tx)).rows[0]!.mode;

  it('holds for the transaction only', async () => {
    expect(await database.tenant({ orgId }, mode, { genericPlans: true })).toBe('force_generic_plan');
    expect(await database.tenant({ orgId }, mode)).toBe('auto');
    expect(await database.system(mode)).toBe('auto');
  });
});

describe.skipIf(!POSTGRES)('generic plans on PostgreSQL', () => {
  let database: Database;
  let drop: () => Promise<void>;
  const orgId = randomUUID();

  beforeAll(async () => {
    const created = await POSTGRES!.create();
    drop = created.drop;
    // One connection, so pg_prepared_statements (per session) shows every run below.
    database = await openDatabase({ databaseUrl: created.databaseUrl, poolSize: 1 });
    await database.system((tx) => tx.insertInto('organizations').values({ id: orgId, name: 'generic-plans' }).execute());
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('runs the prepared statements of the transaction on their generic plan, and others as before', async () => {
    // Two statement texts, each run twice: PostgreSQL plans a statement afresh for its first five runs unless told otherwise.
    const marker = randomUUID().slice(0, 8);
    const lookup = (tx: Tx, tag: string) => tx.selectFrom('audit_log').select('id').where('org_id', '=', orgId).where('action', '=', `${tag}-${marker}`).execute();
    for (let i = 0; i < 2; i++) {
      await database.tenant({ orgId }, (tx) => lookup(tx, 'generic'), { genericPlans: true });
      await database.tenant({ orgId }, (tx) => lookup(tx, 'custom'));
    }
    const plans = await database.system(
      async (tx) =>
        (
          await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
            SELECT statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE statement LIKE '%audit_log%'`.execute(tx)
        ).rows,
    );
    // Both texts are the same (the marker travels as a parameter): one prepared statement, run twice each way.
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ generic_plans: '2', custom_plans: '2' });
  });
});
