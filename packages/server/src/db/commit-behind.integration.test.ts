import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../test-support/backends.js';
import { openDatabase, type Database } from './database.js';

// commitBehind: COMMIT queued right behind a tenant transaction's last statement (database.ts). What it must
// keep: the work commits as a whole, or not at all when the last statement fails, and the connection serves on.
describe.each(BACKENDS)('commitBehind on $name', (backend) => {
  let database: Database;
  // What other sessions see: on PostgreSQL a second pool (committed rows only); PGlite has one session.
  let reader: Database;
  let drop: () => Promise<void>;
  const orgId = randomUUID();

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    // One connection: every transaction below runs where the one before it ended.
    database = await openDatabase({ databaseUrl: created.databaseUrl, poolSize: 1 });
    await database.system((tx) => tx.insertInto('organizations').values({ id: orgId, name: 'commit-behind' }).execute());
    reader = created.databaseUrl ? await openDatabase({ databaseUrl: created.databaseUrl, poolSize: 1 }) : database;
  });
  afterAll(async () => {
    if (reader !== database) await reader?.close();
    await database?.close();
    await drop?.();
  });

  const audit = (tx: Parameters<Parameters<Database['tenant']>[1]>[0], action: string) =>
    tx.insertInto('audit_log').values({ org_id: orgId, action, object_type: 'test', details: '{}' }).returning('action').executeTakeFirstOrThrow();
  const actions = () => reader.tenant({ orgId }, async (tx) => (await tx.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action));

  it('commits the whole work and answers with the last statement', async () => {
    const answer = await database.tenant({ orgId }, async (tx) => {
      await audit(tx, 'first');
      return database.commitBehind(tx, () => audit(tx, 'last'));
    });
    expect(answer).toEqual({ action: 'last' });
    expect(await actions()).toEqual(['first', 'last']);
  });

  it('writes nothing of the work when the last statement fails, and the connection serves the next transaction', async () => {
    const failed = database.tenant({ orgId }, async (tx) => {
      await audit(tx, 'before a failure');
      // Another organisation's row: row-level security refuses it.
      return database.commitBehind(tx, () => tx.insertInto('audit_log').values({ org_id: randomUUID(), action: 'elsewhere', object_type: 'test', details: '{}' }).execute());
    });
    await expect(failed).rejects.toThrow(/row-level security|foreign key/);
    expect(await actions()).toEqual(['first', 'last']);
    // The next transaction on the same connection starts clean (not inside the failed one).
    await database.tenant({ orgId }, async (tx) => database.commitBehind(tx, () => audit(tx, 'after')));
    expect(await actions()).toEqual(['first', 'last', 'after']);
    expect(await reader.system(async (tx) => (await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_log`.execute(tx)).rows[0]!.n)).toBe('3');
  });

  it('rolls the work back when `last` fails before its statement, and commits it when `last` runs none', async () => {
    const failed = database.tenant({ orgId }, async (tx) => {
      await audit(tx, 'before a throw');
      return database.commitBehind(tx, async () => {
        throw new Error('refused before any statement');
      });
    });
    await expect(failed).rejects.toThrow('refused before any statement');
    // No COMMIT went out with a statement, so the transaction still ends as usual: committed when the work returns.
    await database.tenant({ orgId }, async (tx) => {
      await audit(tx, 'no last statement');
      return database.commitBehind(tx, async () => 'nothing to write');
    });
    await database.tenant({ orgId }, async (tx) => database.commitBehind(tx, () => audit(tx, 'then')));
    expect(await actions()).toEqual(['first', 'last', 'after', 'no last statement', 'then']);
  });
});
