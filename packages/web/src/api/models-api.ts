import type { JobDto, JudgeBody, JudgementsDto, ModelAccuracyDto, ModelBackendBody, ModelBackendDto, ModelBackendPatch, ModelHealthDto, PreannotateBody, ProjectModelSettingsBody, ProjectModelSettingsDto, SuggestBody, SuggestionDto } from '@yungang/core';
import type { ApiClient } from './client.ts';

/** AI-assisted annotation (docs/models.md), over the shared client. */
const id = (value: string) => encodeURIComponent(value);

export const modelsApi = {
  list: (api: ApiClient) => api.call<ModelBackendDto[]>('/model-backends'),
  create: (api: ApiClient, body: ModelBackendBody) => api.call<ModelBackendDto>('/model-backends', { method: 'POST', json: body }),
  update: (api: ApiClient, backendId: string, patch: ModelBackendPatch) => api.call<ModelBackendDto>(`/model-backends/${id(backendId)}`, { method: 'PATCH', json: patch }),
  judge: (api: ApiClient, projectId: string, taskId: string, body: JudgeBody = {}) => api.call<JudgementsDto>(`/projects/${id(projectId)}/tasks/${id(taskId)}/judge`, { method: 'POST', json: body }),
  judgements: (api: ApiClient, projectId: string, taskId: string) => api.call<JudgementsDto>(`/projects/${id(projectId)}/tasks/${id(taskId)}/judgements`),
  remove: (api: ApiClient, backendId: string) => api.call<void>(`/model-backends/${id(backendId)}`, { method: 'DELETE' }),
  health: (api: ApiClient, backendId: string) => api.call<ModelHealthDto>(`/model-backends/${id(backendId)}/health`, { method: 'POST' }),
  settings: (api: ApiClient, projectId: string) => api.call<ProjectModelSettingsDto>(`/projects/${id(projectId)}/model-settings`),
  setSettings: (api: ApiClient, projectId: string, body: ProjectModelSettingsBody) => api.call<ProjectModelSettingsDto>(`/projects/${id(projectId)}/model-settings`, { method: 'PUT', json: body }),
  suggest: (api: ApiClient, projectId: string, taskId: string, body: SuggestBody = {}) => api.call<SuggestionDto>(`/projects/${id(projectId)}/tasks/${id(taskId)}/suggest`, { method: 'POST', json: body }),
  preannotate: (api: ApiClient, projectId: string, body: PreannotateBody = {}) => api.call<JobDto>(`/projects/${id(projectId)}/preannotate`, { method: 'POST', json: body }),
  accuracy: (api: ApiClient, projectId: string) => api.call<ModelAccuracyDto>(`/projects/${id(projectId)}/model-accuracy`),
};
