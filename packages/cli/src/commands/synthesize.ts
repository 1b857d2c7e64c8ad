import { readFile } from 'node:fs/promises';
import { AugmentBody, SpeechSynthesisBody, TextSynthesisBody, validateSchema, type JobDto, type SynthesisRunDto } from '@yungang/core';
import type { Runtime } from '@yungang/server';
import { optional, parse, required, UsageError } from '../args.js';
import { fetchJson, remoteOf, remoteOptions, withDirect } from './remote.js';
import { follow, postJson, runHere } from './pipeline.js';

export const synthesizeHelp = `yungang synthesize augment|text|speech --project ID --body FILE.json (--url URL --token T | --as EMAIL)
  Synthetic data as a background job (docs/augmentation.md), with the same JSON body as the HTTP API:
  augment: image augmentation with labels moved exactly (POST /projects/{id}/augment); text: new records from an
  OpenAI-compatible chat backend (/synthesize); speech: audio with known transcripts (/synthesize-speech).
  Shows a progress bar until the job ends (--detach: print the job id and return). With --as, the job runs in
  this process (embedded database: stop the server first).`;

const options = { ...remoteOptions, body: { type: 'string' }, detach: { type: 'boolean' } } as const;

const KINDS = {
  augment: { path: 'augment', schema: AugmentBody },
  text: { path: 'synthesize', schema: TextSynthesisBody },
  speech: { path: 'synthesize-speech', schema: SpeechSynthesisBody },
} as const;
type Kind = keyof typeof KINDS;
const isKind = (v: string | undefined): v is Kind => v !== undefined && v in KINDS;

export async function synthesize(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!isKind(sub)) throw new UsageError(`unknown synthesize command "${sub ?? ''}": use augment, text or speech`);
  const values = parse(rest, options);
  const projectId = required(values, 'project');
  const file = required(values, 'body');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--body ${file}: not a JSON file (${(e as Error).message})`);
  }
  // Checked here with the API's own schema, so the direct mode refuses what the HTTP route would, with paths.
  const body = validateSchema<Record<string, unknown>>(KINDS[sub].schema, json, 'body');
  const remote = remoteOf(values);
  const org = optional(values, 'org');
  const path = `/api/v1/projects/${encodeURIComponent(projectId)}/${KINDS[sub].path}`;
  if (remote) {
    const started = await postJson<SynthesisRunDto>(remote, path, body, org);
    console.log(`job ${started.job.id}: output goes to project ${started.targetProjectId}`);
    if (values.detach) return 0;
    const done = await follow(() => fetchJson<JobDto>(remote, `/api/v1/jobs/${started.job.id}`, org));
    return done.status === 'succeeded' ? 0 : 1;
  }
  return withDirect(values, async (runtime: Runtime, ctx) => {
    const s = runtime.services.synthesis;
    const started =
      sub === 'augment'
        ? await s.augment(ctx, projectId, body as AugmentBody)
        : sub === 'text'
          ? await s.synthesizeText(ctx, projectId, body as TextSynthesisBody)
          : await s.synthesizeSpeech(ctx, projectId, body as SpeechSynthesisBody);
    console.log(`job ${started.job.id}: output goes to project ${started.targetProjectId}`);
    if (values.detach) return 0;
    const done = await runHere(runtime, () => runtime.services.jobs.get(ctx, started.job.id));
    return done.status === 'succeeded' ? 0 : 1;
  });
}
