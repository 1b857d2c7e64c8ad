// The cost of one SQL round trip from Node to PostgreSQL (issue 10: a claim or a submit is 7 of them), over
// TCP and over the Unix socket, so a deployment on one machine can choose (docs/deploy.md).
// Usage: node bench/pg-round-trip.mjs [roundTrips=5000] [postgres://tcp-url] [socket-folder=/var/run/postgresql]
// Reports, per round trip of `SELECT $1::int` on one connection, the wall time and the Node process's CPU time.
import pg from 'pg';

const count = Number(process.argv[2] ?? 5000);
const url = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const socket = process.argv[4] ?? '/var/run/postgresql';

async function measure(config) {
  const client = new pg.Client(config);
  await client.connect();
  for (let i = 0; i < 500; i++) await client.query('SELECT $1::int', [i]); // warm-up
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < count; i++) await client.query('SELECT $1::int', [i]);
  const cpu = process.cpuUsage(cpu0);
  const wallUs = ((performance.now() - start) * 1000) / count;
  await client.end();
  return { wallMicros: Math.round(wallUs), nodeCpuMicros: Math.round((cpu.user + cpu.system) / count) };
}

const tcp = await measure({ connectionString: url });
const parsed = new URL(url);
const unix = await measure({ host: socket, port: Number(parsed.port || 5432), user: decodeURIComponent(parsed.username), database: parsed.pathname.slice(1) || 'postgres' });
console.log(JSON.stringify({ backend: 'postgres', roundTrips: count, tcp, unixSocket: { folder: socket, ...unix } }));
