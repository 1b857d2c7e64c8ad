// Preload for a server process that reports how late its event loop runs, to tell a server-side stall (a long
// synchronous task, a garbage collection) from queueing elsewhere when a benchmark's tail grows (issue 10).
// Every 10 s, and at exit, it prints the loop delay's p50 / p99 / max over that window, and the longest single
// stalls with when they happened.
// Usage: BENCH_SERVER_NODE_ARGS="--import ./bench/event-loop-delay.mjs" node bench/annotators.mjs …
import { monitorEventLoopDelay } from 'node:perf_hooks';

const WINDOW_MS = 10_000;
// The histogram's resolution: a timer this often; a stall shows as that timer coming late by the stall's length.
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
// The longest stalls, seen by a second timer whose lateness is measured directly.
const stalls = [];
let expected = performance.now() + 20;
const probe = setInterval(() => {
  const now = performance.now();
  const late = now - expected;
  if (late > 50) stalls.push({ at: new Date().toISOString().slice(11, 23), ms: Math.round(late) });
  expected = now + 20;
}, 20);
probe.unref();

const ms = (ns) => (ns / 1e6).toFixed(1);
const report = () => {
  if (histogram.count === 0) return;
  const top = stalls.sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => `${s.ms} ms at ${s.at}`);
  process.stderr.write(
    `[event-loop-delay ${process.pid}] p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms; ` +
      `stalls over 50 ms: ${stalls.length}${top.length ? ` (longest: ${top.join(', ')})` : ''}\n`,
  );
  histogram.reset();
  stalls.length = 0;
};
setInterval(report, WINDOW_MS).unref();
process.once('exit', report);
