import { AugmentBody, SpeechSynthesisBody, SynthesisRunDto, TextSynthesisBody } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, type Api } from './route-types.js';

/** Synthetic data as background jobs (docs/augmentation.md); each answers 202 with the job and the project receiving the output. */
export function synthesisRoutes(app: Api, s: Services): void {
  app.post(
    '/projects/:id/augment',
    { schema: { tags: ['synthesis'], summary: "Augment the project's labelled images (flips, turns, crops, scaling, colour, noise) with their labels moved exactly, as a job", params: IdParams, body: AugmentBody, response: { 202: SynthesisRunDto, ...errors } } },
    async (request, reply) => reply.status(202).send(await s.synthesis.augment(await tenantOf(s.database, request), request.params.id, request.body)),
  );

  app.post(
    '/projects/:id/synthesize',
    { schema: { tags: ['synthesis'], summary: 'Generate new text records with an OpenAI-compatible chat backend, deduplicated against the data, as a job', params: IdParams, body: TextSynthesisBody, response: { 202: SynthesisRunDto, ...errors } } },
    async (request, reply) => reply.status(202).send(await s.synthesis.synthesizeText(await tenantOf(s.database, request), request.params.id, request.body)),
  );

  app.post(
    '/projects/:id/synthesize-speech',
    { schema: { tags: ['synthesis'], summary: 'Turn texts into audio tasks with known transcripts (espeak-ng or a TTS server), as a job', params: IdParams, body: SpeechSynthesisBody, response: { 202: SynthesisRunDto, ...errors } } },
    async (request, reply) => reply.status(202).send(await s.synthesis.synthesizeSpeech(await tenantOf(s.database, request), request.params.id, request.body)),
  );
}
