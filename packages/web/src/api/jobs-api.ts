import type { ImportPipelineDto, JobDto, StartExportBody, PipelineDryRunBody, PipelineDryRunDto, PipelineRunBody, PipelineRunDto } from '@yungang/core';
import type { ApiClient } from './client.ts';

/** Background jobs and preprocessing pipelines (docs/jobs.md, docs/pipelines.md), over the shared client. */
const id = (value: string) => encodeURIComponent(value);

export const jobsApi = {
  list: (api: ApiClient, projectId?: string) => api.call<{ items: JobDto[] }>('/jobs', { query: { projectId } }).then((r) => r.items),
  get: (api: ApiClient, jobId: string) => api.call<JobDto>(`/jobs/${id(jobId)}`),
  cancel: (api: ApiClient, jobId: string) => api.call<JobDto>(`/jobs/${id(jobId)}/cancel`, { method: 'POST' }),
  /** Exports as background jobs (docs/jobs.md, "Exports"): start one, then download its file by a plain link. */
  startExport: (api: ApiClient, projectId: string, body: StartExportBody) => api.call<JobDto>(`/projects/${id(projectId)}/exports`, { method: 'POST', json: body }),
  exportFileUrl: (api: ApiClient, jobId: string, orgId?: string) => api.url(`/jobs/${id(jobId)}/file`, { org: orgId }),
  dryRun: (api: ApiClient, projectId: string, body: PipelineDryRunBody) => api.call<PipelineDryRunDto>(`/projects/${id(projectId)}/pipeline/dry-run`, { method: 'POST', json: body }),
  /** The project's import pipeline (docs/pipelines.md, "On import"). */
  importPipeline: (api: ApiClient, projectId: string) => api.call<ImportPipelineDto>(`/projects/${id(projectId)}/import-pipeline`),
  setImportPipeline: (api: ApiClient, projectId: string, spec: string) => api.call<ImportPipelineDto>(`/projects/${id(projectId)}/import-pipeline`, { method: 'PUT', json: { spec } }),
  removeImportPipeline: (api: ApiClient, projectId: string) => api.call<ImportPipelineDto>(`/projects/${id(projectId)}/import-pipeline`, { method: 'DELETE' }),
  runPipeline: (api: ApiClient, projectId: string, body: PipelineRunBody) => api.call<PipelineRunDto>(`/projects/${id(projectId)}/pipeline/runs`, { method: 'POST', json: body }),
};
