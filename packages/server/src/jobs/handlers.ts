import type { Services } from '../services/services.js';
import type { JobHandler } from './job-handler.js';
import { pipelineJobHandler } from './pipeline-job.js';
import { pipelineShardJobHandler } from './pipeline-shard-job.js';
import { augmentJobHandler } from './augment-job.js';
import { textSynthesisJobHandler } from './text-synthesis-job.js';
import { speechSynthesisJobHandler } from './speech-synthesis-job.js';
import { documentIntakeJobHandler } from './document-intake-job.js';
import { videoIntakeJobHandler } from './video-intake-job.js';
import { videoFullJobHandler } from './video-full-job.js';
import { exportJobHandler } from './export-job.js';
import { preannotateHandler } from '../models/preannotate-job.js';
import { modelTrainHandler } from '../models/training-trigger.js';

/** Every kind of background job this instance runs; `yungang serve` and `yungang worker` both use this list. */
export function createJobHandlers(services: Services): JobHandler[] {
  return [
    pipelineJobHandler(services.database, services.blobs),
    pipelineShardJobHandler(services.database, services.blobs),
    augmentJobHandler(services.database, services.blobs),
    textSynthesisJobHandler(services.database, services.blobs, services.models),
    speechSynthesisJobHandler(services.database, services.blobs, services.models),
    documentIntakeJobHandler(services.database, services.blobs),
    videoIntakeJobHandler(services.blobs),
    videoFullJobHandler(services.blobs),
    exportJobHandler(services.database, services.blobs, services.exports),
    preannotateHandler(services.database, services.models),
    modelTrainHandler(services.database, services.models),
  ];
}
