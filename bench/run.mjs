// Runs one benchmark and appends its figures, with the limit it is compared with, to BENCHMARKS.md.
// Usage: npm run bench -- <name> [args…]   (names: the .mjs files in bench/, e.g. claim-concurrency)
// Each benchmark prints its result as one JSON line on stdout; this runner also runs its baseline in the
// same session: a Fastify hello-world at the same concurrency for API benchmarks, PostgreSQL COPY and
// single-row INSERTs for the import (with a postgres:// URL).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [name, ...args] = process.argv.slice(2);
if (!name || !existsSync(join(here, `${name}.mjs`)) || name === 'run' || name === 'scratch-database' || name === 'quality-sim-tasks' || name === 'count-statements' || name === 'seed-project') {
  console.error('usage: npm run bench -- <annotators|task-table|export-large|claim-concurrency|import-large|quality-sim|workbench-100kb|pipeline|catalog-search|ocr-preannotation|pg-round-trip|baseline-http|baseline-insert|baseline-copy|baseline-pair> [args…]');
  process.exit(2);
}

/** Runs a bench script, streaming its stderr, and returns its last JSON line. */
function runScript(script, scriptArgs) {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(here, `${script}.mjs`), ...scriptArgs], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      if (!line) return reject(new Error(`${script} printed no JSON result${error ? `: ${error.message}` : ''}`));
      resolve({ result: JSON.parse(line), failed: error !== null });
    });
    child.stderr.pipe(process.stderr);
  });
}

const { result, failed } = await runScript(name, args);
let baseline = null;
const pgUrl = args.find((a) => a.startsWith('postgres://'));
if (name === 'claim-concurrency') baseline = (await runScript('baseline-http', [String(result.claimers), '5'])).result;
// The annotators bench: the same number of keep-alive clients against a hello-world (one process; see the row's note).
// On PostgreSQL also the write limit: raw single-row insert transactions with the pool the API processes hold, and
// the least a claim-and-submit pair costs here: the same load against bare servers in the same layout (baseline-pair).
if (name === 'annotators') {
  const http = (await runScript('baseline-http', [String(result.annotators), '5'])).result;
  const connections = String((result.poolSizePerProcess ?? 0) * result.processes);
  baseline = pgUrl
    ? {
        http,
        insert: (await runScript('baseline-insert', [connections, '5', pgUrl])).result,
        pair: (await runScript('baseline-pair', [String(result.annotators), String(result.tasks), String(result.overlap), String(result.processes), '20', pgUrl])).result,
      }
    : http;
}
if (name === 'task-table') baseline = (await runScript('baseline-http', [String(result.users), '5'])).result;
// The export measures its COPY-out limit itself, on the same data, right after the export.
if (name === 'export-large') baseline = result.copyBaseline ?? null;
if (name === 'import-large' && pgUrl) baseline = (await runScript('baseline-copy', [String(Math.min(result.tasks, 200000)), pgUrl])).result;

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
// The settings a bench reads from the environment belong to the command, so the row can be rerun as written.
const settings = ['BENCH_AUTH'].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`);
const command = [...settings, 'npm run bench --', name, ...args.map((a) => (a.startsWith('postgres://') ? 'postgres://…' : a))].join(' ');
const row = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${name} | \`${command}\` | ${machine} | ${result.backend ?? '—'} | \`${JSON.stringify(result)}\` | ${baseline ? `\`${JSON.stringify(baseline)}\`` : '—'} |\n`;
const file = join(here, '..', 'BENCHMARKS.md');
const text = await readFile(file, 'utf8');
const heading = '## Recorded runs (npm run bench)';
const header = `\n${heading}\n\nAppended by \`npm run bench -- <name>\`: the benchmark's own figures and, measured in the same session, the limit to compare with.\n\n| date (UTC) | benchmark | command | machine | mode | result | baseline |\n|---|---|---|---|---|---|---|\n`;
await appendFile(file, (text.includes(heading) ? '' : header) + row);
console.log(JSON.stringify({ result, baseline }, null, 2));
if (failed) process.exitCode = 1;
