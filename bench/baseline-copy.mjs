// The limit an import benchmark is compared with: PostgreSQL's own COPY of the same number of ~1 KB JSON rows
// into a plain jsonb table, and single-row INSERT transactions through `pg` (the write-path limit).
// Usage: node bench/baseline-copy.mjs <rows> <postgres://admin-url>
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createScratchDatabase } from './scratch-database.mjs';

const rows = Number(process.argv[2] ?? 100000);
const adminUrl = process.argv[3];
if (!adminUrl) throw new Error('give a postgres:// admin URL: the baseline is PostgreSQL itself');
const scratch = await createScratchDatabase(adminUrl);
const client = new pg.Client({ connectionString: scratch.url });
await client.connect();
try {
  await client.query('CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, data jsonb NOT NULL)');
  const para = '云冈数据标注基地为人工智能训练提供高质量的数据。'.repeat(14);
  const line = (i) => JSON.stringify({ text: `${i} ${para}` }).replace(/\\/g, '\\\\') + '\n';
  let t0 = performance.now();
  await pipeline(
    Readable.from((function* () {
      for (let i = 0; i < rows; i++) yield line(i);
    })()),
    client.query(copyFrom('COPY t (data) FROM STDIN')),
  );
  const copySeconds = (performance.now() - t0) / 1000;
  const single = Math.min(rows, 5000);
  t0 = performance.now();
  for (let i = 0; i < single; i++) await client.query('INSERT INTO t (data) VALUES ($1)', [JSON.stringify({ text: `${i} ${para}` })]);
  const insertSeconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ baseline: 'postgres COPY and single-row INSERT', rows, copyRowsPerSecond: Math.round(rows / copySeconds), singleInsertTransactionsPerSecond: Math.round(single / insertSeconds) }));
} finally {
  await client.end();
  await scratch.drop();
}
