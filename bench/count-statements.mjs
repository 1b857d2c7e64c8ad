// Preload for a server process that counts the SQL statements it sends per HTTP route, to see where round
// trips go (issue 10: statements per claim and per submit). Prints the counts to stderr on exit.
// Usage: BENCH_SERVER_NODE_ARGS="--import ./bench/count-statements.mjs" node bench/annotators.mjs …
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import pg from 'pg';

const current = new AsyncLocalStorage();
const perRoute = new Map();
const originalEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req) {
  if (event !== 'request') return originalEmit.apply(this, arguments);
  const route = `${req.method} ${req.url.replace(/[0-9a-f-]{36}/g, ':id').replace(/\?.*$/, '')}`;
  const entry = perRoute.get(route) ?? { requests: 0, statements: 0 };
  perRoute.set(route, entry);
  entry.requests++;
  return current.run(entry, () => originalEmit.apply(this, arguments));
};
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (...args) {
  const entry = current.getStore();
  if (entry) entry.statements++;
  return originalQuery.apply(this, args);
};
let reported = false;
const report = () => {
  if (reported) return;
  reported = true;
  const rows = [...perRoute].map(([route, e]) => `${route}: ${e.requests} requests, ${(e.statements / e.requests).toFixed(2)} statements each (BEGIN/COMMIT included)`);
  process.stderr.write(`[count-statements ${process.pid}]\n${rows.join('\n')}\n`);
};
process.once('SIGTERM', report);
process.once('beforeExit', report);
