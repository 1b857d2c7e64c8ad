// The limit an API benchmark is compared with: a plain Fastify hello-world on this machine, hit by the same
// number of concurrent keep-alive clients for a few seconds, in the same process layout as the API benches.
// Usage: node bench/baseline-http.mjs [clients=20] [seconds=5]
import Fastify from 'fastify';
import { keepAliveClients } from './keep-alive-clients.mjs';

const [clients = 20, seconds = 5] = process.argv.slice(2, 4).map(Number);
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
// As in the API benches: one keep-alive connection per client (bench/keep-alive-clients.mjs), each opened
// before the clock starts (one request, not counted).
const http = keepAliveClients(`http://127.0.0.1:${app.server.address().port}`, clients);
const get = async (i) => {
  const res = await http.request(i, 'GET', '/hello', {});
  if (res.status !== 200) throw new Error(`hello-world answered ${res.status}`);
};
await Promise.all(Array.from({ length: clients }, (_, i) => get(i)));
let requests = 0;
const latencies = [];
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async (_, i) => {
    while (performance.now() < end) {
      const t = performance.now();
      await get(i);
      latencies.push(performance.now() - t);
      requests++;
    }
  }),
);
await http.close();
await app.close();
latencies.sort((a, b) => a - b);
const pct = (p) => +latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
console.log(JSON.stringify({ baseline: 'fastify hello-world', clients, requestsPerSecond: Math.round(requests / seconds), latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), p999: pct(0.999) } }));
