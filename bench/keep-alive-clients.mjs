// The load generators' HTTP client: one keep-alive connection per simulated person, as a browser tab holds one.
// The load runs on the same cores as the server and the database, so what the client spends on a request is
// taken from what it measures: with node:http's Agent a request cost the client 150–190 µs of CPU here, with an
// undici Client on its own connection 75–115 µs (a hello-world at 1,000 clients, `process.cpuUsage`). Every
// API bench and the baselines it is compared with use this module, so they spend the same on the client side.
import { Client } from 'undici';

/**
 * `count` clients of `origin` (http://host:port), each on its own connection, one request at a time.
 * `request(i, method, path, headers, body)` answers `{ status, text }`; a failed request answers
 * `{ status: 'error CODE', text: '' }` rather than throwing, so a load loop counts it and goes on.
 */
export function keepAliveClients(origin, count) {
  const clients = Array.from({ length: count }, () => new Client(origin, { pipelining: 1, keepAliveTimeout: 600_000, keepAliveMaxTimeout: 600_000 }));
  return {
    async request(i, method, path, headers, body) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      try {
        const res = await clients[i].request({ method, path, headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body: payload });
        return { status: res.statusCode, text: await res.body.text() };
      } catch (e) {
        return { status: `error ${e.code ?? e.message}`, text: '' };
      }
    },
    close: () => Promise.all(clients.map((c) => c.destroy())),
  };
}
