import type { AugmentBody, SpeechSynthesisBody, SynthesisRunDto, TextSynthesisBody } from '@yungang/core';
import type { ApiClient } from './client.ts';

/** Synthetic data jobs (docs/augmentation.md): image augmentation, text and speech synthesis. */
const id = (value: string) => encodeURIComponent(value);

export const synthesisApi = {
  augment: (api: ApiClient, projectId: string, body: AugmentBody) => api.call<SynthesisRunDto>(`/projects/${id(projectId)}/augment`, { method: 'POST', json: body }),
  text: (api: ApiClient, projectId: string, body: TextSynthesisBody) => api.call<SynthesisRunDto>(`/projects/${id(projectId)}/synthesize`, { method: 'POST', json: body }),
  speech: (api: ApiClient, projectId: string, body: SpeechSynthesisBody) => api.call<SynthesisRunDto>(`/projects/${id(projectId)}/synthesize-speech`, { method: 'POST', json: body }),
};
