import { DEMO_LOGIN, startServer } from '@yungang/server';
import { parse } from '../args.js';

export const serveHelp = `yungang serve [--port N] [--host H]
  Runs the server. Settings come from the environment (PORT, HOST, DATABASE_URL, YUNGANG_DATA_DIR, …; see README).
  Without DATABASE_URL it runs embedded: PGlite in YUNGANG_DATA_DIR (default ./data), nothing else to install.`;

export async function serve(argv: string[]): Promise<number> {
  const values = parse(argv, { port: { type: 'string' }, host: { type: 'string' } });
  const server = await startServer({
    ...(typeof values.port === 'string' ? { port: Number(values.port) } : {}),
    ...(typeof values.host === 'string' ? { host: values.host } : {}),
  });
  const embedded = !server.config.databaseUrl;
  console.log(`\n  Yungang is running at ${server.url}`);
  console.log(`  Database: ${embedded ? `embedded PGlite in ${server.config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
  console.log(`  API docs: ${server.url}/api/v1/docs`);
  if (server.config.demo) console.log(`  Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (created on first start; change or remove it before real use)`);
  console.log('  Stop with Ctrl+C.\n');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      void server.close().then(resolve, (e: unknown) => {
        console.error(e);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
