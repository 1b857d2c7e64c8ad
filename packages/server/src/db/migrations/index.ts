import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as importSource from './0002-import-source.js';
import * as provenance from './0003-provenance.js';
import * as quality from './0004-quality.js';
import * as inspections from './0005-inspections.js';
import * as security from './0006-security.js';
import * as accessAudit from './0007-access-audit.js';
import * as oidc from './0008-oidc.js';
import * as certification from './0009-certification.js';
import * as media from './0010-media.js';
import * as predictions from './0011-predictions.js';
import * as video from './0012-video.js';
import * as audio from './0013-audio.js';
import * as jobs from './0014-jobs.js';
import * as modelBackends from './0015-model-backends.js';
import * as catalog from './0016-catalog.js';
import * as modelAssist from './0019-model-assist.js';
import * as orders from './0017-orders.js';
import * as documents from './0018-documents.js';
import * as speechBackends from './0020-speech-backends.js';
import * as workPackages from './0021-work-packages.js';
import * as uploads from './0022-uploads.js';
import * as importPipeline from './0023-import-pipeline.js';
import * as pipelineShards from './0024-pipeline-shards.js';
import * as videoFull from './0025-video-full.js';
import * as claimHint from './0026-claim-hint.js';

/** Migrations are compiled in (no directory scanning), so the same list runs from source and from dist. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-initial': initial, '0002-import-source': importSource, '0003-provenance': provenance, '0004-quality': quality, '0005-inspections': inspections, '0006-security': security, '0007-access-audit': accessAudit, '0008-oidc': oidc, '0009-certification': certification, '0010-media': media, '0011-predictions': predictions, '0012-video': video, '0013-audio': audio, '0014-jobs': jobs, '0015-model-backends': modelBackends, '0016-catalog': catalog, '0019-model-assist': modelAssist, '0017-orders': orders, '0018-documents': documents, '0020-speech-backends': speechBackends, '0021-work-packages': workPackages, '0022-uploads': uploads, '0023-import-pipeline': importPipeline, '0024-pipeline-shards': pipelineShards, '0025-video-full': videoFull, '0026-claim-hint': claimHint };
  },
};
