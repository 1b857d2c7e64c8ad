import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as importSource from './0002-import-source.js';
import * as provenance from './0003-provenance.js';
import * as quality from './0004-quality.js';
import * as inspections from './0005-inspections.js';

/** Migrations are compiled in (no directory scanning), so the same list runs from source and from dist. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-initial': initial, '0002-import-source': importSource, '0003-provenance': provenance, '0004-quality': quality, '0005-inspections': inspections };
  },
};
