// A throw-away PostgreSQL database for one benchmark run, created from an admin URL and dropped after.
import pg from 'pg';

export async function createScratchDatabase(adminUrl) {
  const name = `yungang_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const asAdmin = async (statement) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  return {
    url: url.toString(),
    /** Writes every dirty buffer out now (needs a superuser or pg_checkpoint), so a seed's writes do not fall into the timed run. */
    checkpoint: () => asAdmin('CHECKPOINT'),
    drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
