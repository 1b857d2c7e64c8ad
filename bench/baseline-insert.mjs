// The limit a write-path benchmark is compared with: raw single-row insert transactions through `pg`, with
// as many connections as the API processes hold together, for a few seconds, on a scratch table. Each is one
// statement in its own transaction (autocommit), so each pays a commit, as every claim and submit does.
// Usage: node bench/baseline-insert.mjs <connections> <seconds> postgres://admin-url
import pg from 'pg';
import { createScratchDatabase } from './scratch-database.mjs';

const connections = Number(process.argv[2] ?? 40);
const seconds = Number(process.argv[3] ?? 5);
const adminUrl = process.argv[4];
if (!adminUrl) throw new Error('usage: node bench/baseline-insert.mjs <connections> <seconds> postgres://…');
const scratch = await createScratchDatabase(adminUrl);
const pool = new pg.Pool({ connectionString: scratch.url, max: connections });
try {
  await pool.query('CREATE TABLE rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner uuid NOT NULL, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())');
  let transactions = 0;
  const latencies = [];
  const insert = () => pool.query({ name: 'insert', text: 'INSERT INTO rows (owner, body) VALUES (gen_random_uuid(), $1)', values: ['{"choices":["a"]}'] });
  await Promise.all(Array.from({ length: connections }, insert));
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await insert();
        latencies.push(performance.now() - t);
        transactions++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p) => +latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
  console.log(JSON.stringify({ baseline: 'pg single-row insert transactions', connections, transactionsPerSecond: Math.round(transactions / seconds), latencyMs: { p50: pct(0.5), p99: pct(0.99) } }));
} finally {
  await pool.end();
  await scratch.drop();
}
