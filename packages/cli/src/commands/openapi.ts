import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, createServices, LocalBlobStore, openApiDocument, openDatabase, openLogKeys } from '@yungang/server';

/** Prints the OpenAPI document, generated from the route schemas (docs/openapi.json is this output). */
export async function openapi(): Promise<number> {
  const database = await openDatabase({});
  try {
    const app = await buildApp(createServices(database, new LocalBlobStore(join(tmpdir(), 'yungang-openapi-blobs')), openLogKeys(join(tmpdir(), 'yungang-openapi-keys'))), { logLevel: 'warn', webDir: undefined, maxUploadBytes: 1, trustProxy: false });
    await app.ready();
    process.stdout.write(JSON.stringify(openApiDocument(app), null, 2) + '\n');
    await app.close();
    return 0;
  } finally {
    await database.close();
  }
}
