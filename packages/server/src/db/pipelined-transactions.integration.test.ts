import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES } from '../test-support/backends.js';
import { openDatabase, type Database } from './database.js';
import { BEGIN_AHEAD, pipeliningPool } from './pipelined-transactions.js';

/**
 * A TCP relay between the app and PostgreSQL that can hold the server's answers back: what the app writes
 * while nothing has been answered is what it wrote without waiting (pipelined-transactions.ts).
 */
class HoldingRelay {
  private server: Server | undefined;
  private holding = false;
  private held: { socket: Socket; chunk: Buffer }[] = [];
  private written: Buffer[] = [];

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((app) => {
      const db = connect(this.target);
      app.on('data', (chunk) => {
        this.written.push(chunk);
        db.write(chunk);
      });
      db.on('data', (chunk) => (this.holding ? this.held.push({ socket: app, chunk }) : app.write(chunk)));
      const close = () => {
        app.destroy();
        db.destroy();
      };
      app.on('error', close).on('close', close);
      db.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  hold(): void {
    this.holding = true;
    this.written = [];
  }

  release(): void {
    this.holding = false;
    for (const { socket, chunk } of this.held.splice(0)) socket.write(chunk);
  }

  /** What the app wrote since `hold()`, as text (the protocol's framing bytes show as noise). */
  writtenText(): string {
    return Buffer.concat(this.written).toString('latin1');
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const until = async (condition: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && !condition(); ) await new Promise((r) => setTimeout(r, 10));
  return condition();
};

describe.skipIf(!POSTGRES)('pipelined tenant transactions on PostgreSQL', () => {
  let relay: HoldingRelay;
  let database: Database;
  let direct: string;
  let drop: () => Promise<void>;
  const orgId = randomUUID();

  beforeAll(async () => {
    const created = await POSTGRES!.create();
    drop = created.drop;
    direct = created.databaseUrl!;
    const url = new URL(direct);
    relay = new HoldingRelay({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(await relay.start());
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    await database.system((tx) => tx.insertInto('organizations').values({ id: orgId, name: 'pipelined' }).execute());
  });
  afterAll(async () => {
    await database?.close();
    await relay?.stop();
    await drop?.();
  });

  it('writes BEGIN, the last statement and COMMIT before the server has answered any of them', async () => {
    // The pool's one connection is open and its plans are fresh before the server's answers are held.
    await database.tenant({ orgId }, async (tx) => tx.selectFrom('audit_log').select('id').limit(1).execute());
    relay.hold();
    const done = database.tenant({ orgId }, async (tx) =>
      database.commitBehind(tx, () => tx.insertInto('audit_log').values({ org_id: orgId, action: 'pipelined', object_type: 'test', details: '{}' }).returning('action').executeTakeFirstOrThrow()),
    );
    const wroteAll = await until(() => relay.writtenText().includes('COMMIT'), 3000);
    const text = relay.writtenText();
    relay.release();
    expect(await done).toEqual({ action: 'pipelined' });
    expect(wroteAll).toBe(true);
    const at = (s: string) => text.indexOf(s);
    expect(at('begin ahead')).toBeGreaterThanOrEqual(0);
    expect(at('begin ahead')).toBeLessThan(at('insert into "audit_log"'));
    expect(at('insert into "audit_log"')).toBeLessThan(at('COMMIT'));
    const check = await database.tenant({ orgId }, async (tx) => tx.selectFrom('audit_log').select('action').where('action', '=', 'pipelined').execute());
    expect(check).toHaveLength(1);
  });

  it('reports a failed BEGIN as itself, not as the aborted transaction behind it, and the connection serves on', async () => {
    const pool = new pg.Pool({ connectionString: direct, max: 1, pipeline: true });
    try {
      const client = await pipeliningPool(pool).connect();
      try {
        await client.query(`${BEGIN_AHEAD}BEGIN; SELECT 1 / 0`, []);
        await expect(client.query('SELECT 1 AS one', [])).rejects.toThrow('division by zero');
        await client.query('ROLLBACK', []);
        expect((await client.query<{ one: number }>('SELECT 1 AS one', [])).rows).toEqual([{ one: 1 }]);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });
});
