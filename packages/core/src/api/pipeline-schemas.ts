/**
 * The HTTP contract of preprocessing pipelines (docs/pipelines.md): a dry run on a sample of a
 * project's tasks, and a run over all of them as a durable job whose output becomes a new project.
 */
import Type, { type Static } from 'typebox';
import { JobDto } from './job-schemas.js';

const spec = Type.Union([Type.String({ minLength: 1, maxLength: 200_000, description: 'the pipeline as YAML or JSON text' }), Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Unknown())], {
  description: 'the pipeline: `{ operators: [...] }` (or just the list), as an object or as YAML/JSON text (docs/pipelines.md)',
});
const wordLists = Type.Optional(
  Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }), Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200_000 }), {
    description: 'word lists that keyword-filter operators name with `list`',
  }),
);

export const PipelineDryRunBody = Type.Object({
  spec,
  wordLists,
  sample: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'how many of the first tasks to run through (default 50; with image or audio operators default 12, at most 24)' })),
});
export type PipelineDryRunBody = Static<typeof PipelineDryRunBody>;

/** A recording's format as ffprobe reads it. */
const AudioFormatDto = Type.Object({
  container: Type.String(),
  codec: Type.String(),
  sampleRate: Type.Integer(),
  channels: Type.Integer(),
  duration: Type.Optional(Type.Number({ description: 'seconds, as the container says' })),
});

export const PipelineDryRunDto = Type.Object({
  /** Per operator: kept, changed, dropped, skipped and before/after examples (core `PipelineStats`). */
  stats: Type.Unknown(),
  records: Type.Array(
    Type.Object({
      taskId: Type.String(),
      status: Type.Union([Type.Literal('kept'), Type.Literal('changed'), Type.Literal('dropped')]),
      before: Type.Record(Type.String(), Type.Unknown()),
      after: Type.Record(Type.String(), Type.Unknown()),
      droppedBy: Type.Optional(Type.Unknown()),
      /** With image operators: the image before and after (small WebP data URLs) and what the operators measured. */
      image: Type.Optional(
        Type.Object({
          field: Type.String(),
          before: Type.Union([Type.String(), Type.Null()]),
          after: Type.Union([Type.String(), Type.Null()], { description: 'null when the image did not change (or was dropped)' }),
          width: Type.Optional(Type.Integer()),
          height: Type.Optional(Type.Integer()),
          scores: Type.Object({ perceptualHash: Type.Optional(Type.String()), sharpness: Type.Optional(Type.Number()), exposure: Type.Optional(Type.Unknown()), faces: Type.Optional(Type.Integer({ description: 'faces found by face-blur' })) }),
        }),
      ),
      /** With audio operators: the recording's format before, each output's after (one per utterance after a vad-split), and what the operators measured. */
      audio: Type.Optional(
        Type.Object({
          field: Type.String(),
          before: Type.Union([AudioFormatDto, Type.Null()], { description: 'null when the file is not a readable recording' }),
          after: Type.Array(
            Type.Intersect([
              Type.Partial(AudioFormatDto),
              Type.Object({
                changedBy: Type.Array(Type.String(), { description: 'the operators that changed it, in order (empty: the input as it was)' }),
                start: Type.Optional(Type.Number({ description: 'after a vad-split: where the utterance starts in the input, seconds' })),
                end: Type.Optional(Type.Number()),
              }),
            ]),
            { description: 'empty when the record was dropped' },
          ),
          scores: Type.Record(Type.String(), Type.Unknown(), { description: 'duration, clipRatio, silenceRatio, snr, loudness… as the operators measured them' }),
        }),
      ),
    }),
  ),
});
export type PipelineDryRunDto = Static<typeof PipelineDryRunDto>;

/** Most shard jobs one pipeline run splits into. */
export const MAX_PIPELINE_SHARDS = 64;

export const PipelineRunBody = Type.Object({
  spec,
  wordLists,
  targetName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'name of the new project that receives the output (default: "<source> · cleaned")' })),
  shards: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PIPELINE_SHARDS,
      description: 'split the run: the per-record operators run as this many shard jobs (disjoint task-id ranges) that any worker may take, then one job runs dedup and what follows it in task order and publishes (docs/pipelines.md, "Splitting a run"); default 1, one job',
    }),
  ),
});
export type PipelineRunBody = Static<typeof PipelineRunBody>;

export const PipelineRunDto = Type.Object({
  job: JobDto,
  targetProjectId: Type.String({ format: 'uuid' }),
});
export type PipelineRunDto = Static<typeof PipelineRunDto>;

/** PUT /projects/{id}/import-pipeline: text operators every import of the project runs (docs/pipelines.md, "On import"). */
export const ImportPipelineBody = Type.Object(
  { spec: Type.Unknown({ description: 'a pipeline spec, YAML text or JSON, text operators only (keyword lists inline with `words`)' }) },
  { additionalProperties: false },
);
export type ImportPipelineBody = Static<typeof ImportPipelineBody>;

export const ImportPipelineDto = Type.Object({
  /** The spec as parsed; null when the project has no import pipeline. */
  spec: Type.Union([Type.Unknown(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ImportPipelineDto = Static<typeof ImportPipelineDto>;
