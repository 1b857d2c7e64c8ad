import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The database backends every integration suite runs against, chosen from the environment:
 * PGlite always; PostgreSQL when YUNGANG_TEST_DATABASE_URL names a server we may create databases on.
 * Under CI=true a missing PostgreSQL is an error, never a silent skip.
 */
export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database for one suite; `drop` removes it. */
  create(): Promise<{ databaseUrl: string | undefined; drop(): Promise<void> }>;
}

const pgUrl = process.env.YUNGANG_TEST_DATABASE_URL;
if (!pgUrl) {
  if (process.env.CI === 'true') throw new Error('CI=true but YUNGANG_TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI (.ci/run sets it)');
  console.warn('[yungang tests] YUNGANG_TEST_DATABASE_URL is not set: skipping the PostgreSQL backend (PGlite still runs). Set it to postgres://user@host:5432/postgres to run both.');
}

const pglite: Backend = {
  name: 'pglite',
  async create() {
    return { databaseUrl: undefined, async drop() {} };
  },
};

const postgres: Backend = {
  name: 'postgres',
  async create() {
    const name = `yungang_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(pgUrl!);
    url.pathname = `/${name}`;
    return {
      databaseUrl: url.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  },
};

export const BACKENDS: Backend[] = pgUrl ? [pglite, postgres] : [pglite];
export const POSTGRES: Backend | undefined = pgUrl ? postgres : undefined;
