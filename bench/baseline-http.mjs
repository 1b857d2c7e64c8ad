// The limit an API benchmark is compared with: a plain Fastify hello-world on this machine, hit by the same
// number of concurrent keep-alive clients for a few seconds, in the same process layout as the API benches.
// Usage: node bench/baseline-http.mjs [clients=20] [seconds=5]
import http from 'node:http';
import Fastify from 'fastify';

const [clients = 20, seconds = 5] = process.argv.slice(2, 4).map(Number);
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${app.server.address().port}/hello`;
let requests = 0;
const latencies = [];
// As in the API benches: node:http keep-alive connections, one per client, each opened before the clock
// starts (one request, not counted).
const agent = new http.Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
const get = () =>
  new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
await Promise.all(Array.from({ length: clients }, get));
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await get();
      latencies.push(performance.now() - t);
      requests++;
    }
  }),
);
agent.destroy();
await app.close();
latencies.sort((a, b) => a - b);
const pct = (p) => +latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
console.log(JSON.stringify({ baseline: 'fastify hello-world', clients, requestsPerSecond: Math.round(requests / seconds), latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), p999: pct(0.999) } }));
