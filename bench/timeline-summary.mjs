// Where a run's slow requests fall (issue 10): reads the per-request timeline that
// `BENCH_TIMELINE=<file> node bench/annotators.mjs …` writes and prints, per file, the run's p99, the first
// five seconds' p50 / p99 against the rest, and the requests at or over a threshold by second of the run.
// Usage: node bench/timeline-summary.mjs [--slow-ms=250] <timeline.jsonl>…
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const slowMs = Number(args.find((a) => a.startsWith('--slow-ms='))?.split('=')[1] ?? 250);
const pct = (xs, p) => (xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]);
const sorted = (xs) => xs.sort((a, b) => a - b);
for (const file of args.filter((a) => !a.startsWith('--'))) {
  // Each line: [endpoint, start in seconds since the clock started, latency in ms].
  const rows = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const all = sorted(rows.map((r) => r[2]));
  const first = sorted(rows.filter((r) => r[1] < 5).map((r) => r[2]));
  const rest = sorted(rows.filter((r) => r[1] >= 5).map((r) => r[2]));
  const slow = new Map();
  for (const [, at, ms] of rows) if (ms >= slowMs) slow.set(Math.floor(at), (slow.get(Math.floor(at)) ?? 0) + 1);
  const worst = [...slow].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([s, n]) => `${s} s: ${n}`);
  const f = (x) => x.toFixed(0);
  console.log(
    `${file}: ${rows.length} requests, p99 ${f(pct(all, 0.99))} ms | seconds 0-5: ${first.length}, p50 / p99 ${f(pct(first, 0.5))} / ${f(pct(first, 0.99))} ms | ` +
      `after: p50 / p99 ${f(pct(rest, 0.5))} / ${f(pct(rest, 0.99))} ms | >= ${slowMs} ms: ${all.filter((x) => x >= slowMs).length}${worst.length ? ` (${worst.join(', ')})` : ''}`,
  );
}
