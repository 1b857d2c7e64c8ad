import type { Services } from '../services/services.js';
import type { JobHandler } from './job-handler.js';
import { pipelineJobHandler } from './pipeline-job.js';
import { preannotateHandler } from '../models/preannotate-job.js';
import { modelTrainHandler } from '../models/training-trigger.js';

/** Every kind of background job this instance runs; `yungang serve` and `yungang worker` both use this list. */
export function createJobHandlers(services: Services): JobHandler[] {
  return [pipelineJobHandler(services.database, services.blobs), preannotateHandler(services.database, services.models), modelTrainHandler(services.database, services.models)];
}
