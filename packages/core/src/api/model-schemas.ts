/**
 * The HTTP contract of AI-assisted annotation (docs/models.md): model backends registered per
 * organisation, a project's model settings, suggestions on the current task, pre-annotation jobs and
 * per-model accuracy. API keys go in and never come out: the DTO says only whether one is set.
 */
import Type, { type Static } from 'typebox';
import { ResultItemJson } from './schemas.js';
import { SpeechSettingsJson } from './speech-schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

export const ModelBackendKind = Type.Union([Type.Literal('label-studio'), Type.Literal('openai'), Type.Literal('tesseract'), Type.Literal('rules'), Type.Literal('vad'), Type.Literal('pocketsphinx')]);
export type ModelBackendKind = Static<typeof ModelBackendKind>;

const Terms = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100_000 });
export const RuleSetJson = Type.Object(
  {
    regex: Type.Optional(Type.Array(Type.Object({ label: Type.String({ minLength: 1 }), pattern: Type.String({ minLength: 1, maxLength: 2000 }), flags: Type.Optional(Type.String({ pattern: '^[imsu]*$' })) }, { additionalProperties: false }), { maxItems: 1000 })),
    gazetteer: Type.Optional(Type.Array(Type.Object({ label: Type.String({ minLength: 1 }), terms: Terms }, { additionalProperties: false }), { maxItems: 1000 })),
    keywords: Type.Optional(Type.Array(Type.Object({ choice: Type.String({ minLength: 1 }), keywords: Terms }, { additionalProperties: false }), { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

const Settings = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** label-studio and openai: the base URL (`http://gpu-box:9090`, `https://api.example.com/v1`). */
  url: Type.Optional(Type.Union([Type.String({ pattern: '^https?://', maxLength: 2000 }), Type.Null()])),
  /** openai: the model to ask (`qwen2.5-7b-instruct`, `whisper-1`). */
  model: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  /** tesseract: language packs joined by "+", default `chi_sim+eng`. */
  languages: Type.Optional(Type.Union([Type.String({ pattern: '^[a-z_]+(\\+[a-z_]+)*$', maxLength: 200 }), Type.Null()])),
  /** rules: regular expressions, gazetteer terms and keyword choices. */
  rules: Type.Optional(Type.Union([RuleSetJson, Type.Null()])),
  /** vad, pocketsphinx, and openai on audio: how speech is cut into segments (docs/models.md, Speech). */
  speech: Type.Optional(Type.Union([SpeechSettingsJson, Type.Null()])),
  /** Milliseconds one call may take before it is abandoned (and retried). */
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
  /** Further tries after a timeout, a refused connection or a 5xx answer, with exponential backoff. */
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
  /** Calls per minute this server makes to the backend (token bucket). */
  ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
};

export const ModelBackendBody = Type.Object({ ...Settings, kind: ModelBackendKind, apiKey: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) }, { additionalProperties: false });
export type ModelBackendBody = Static<typeof ModelBackendBody>;

/** Changes only what it names; `apiKey: null` removes the key. */
export const ModelBackendPatch = Type.Object(
  { ...Settings, name: Type.Optional(Settings.name), apiKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()])) },
  { additionalProperties: false },
);
export type ModelBackendPatch = Static<typeof ModelBackendPatch>;

export const ModelBackendDto = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: ModelBackendKind,
  url: Type.Union([Type.String(), Type.Null()]),
  model: Type.Union([Type.String(), Type.Null()]),
  languages: Type.Union([Type.String(), Type.Null()]),
  rules: Type.Union([RuleSetJson, Type.Null()]),
  speech: Type.Union([SpeechSettingsJson, Type.Null()]),
  /** Whether an API key is stored; the key itself is never sent back. */
  hasApiKey: Type.Boolean(),
  timeoutMs: Type.Integer(),
  retries: Type.Integer(),
  ratePerMinute: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ModelBackendDto = Static<typeof ModelBackendDto>;

export const ModelHealthDto = Type.Object({ ok: Type.Boolean(), detail: Type.String(), latencyMs: Type.Integer() });
export type ModelHealthDto = Static<typeof ModelHealthDto>;

export const QueueOrder = Type.Union([Type.Literal('default'), Type.Literal('uncertainty'), Type.Literal('diversity'), Type.Literal('random')]);
export type QueueOrder = Static<typeof QueueOrder>;

export const ProjectModelSettingsBody = Type.Object(
  {
    /** The backend the workbench's "suggest" and pre-annotation use by default; null = none. */
    backendId: Type.Union([Uuid, Type.Null()]),
    /** Send a training event to the backend after every N new accepted labels; null = never. */
    trainEvery: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()])),
    /** Order of the annotation queue: `uncertainty` = lowest prediction score first; `diversity` = from the least-seen cluster of similar tasks first. */
    queueOrder: Type.Optional(QueueOrder),
    /** LLM-as-judge's rubric: a prompt template with {{task}}, {{annotation}} (and {{candidates}}); null = the built-in one. */
    judgeRubric: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 20_000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type ProjectModelSettingsBody = Static<typeof ProjectModelSettingsBody>;

export const ProjectModelSettingsDto = Type.Object({
  backendId: Type.Union([Uuid, Type.Null()]),
  trainEvery: Type.Union([Type.Integer(), Type.Null()]),
  queueOrder: QueueOrder,
  /** Accepted labels since the last training event. */
  acceptedSinceTraining: Type.Integer(),
  /** The project's judge rubric; null = the built-in one (core DEFAULT_JUDGE_RUBRIC). */
  judgeRubric: Type.Union([Type.String(), Type.Null()]),
});
export type ProjectModelSettingsDto = Static<typeof ProjectModelSettingsDto>;

const Percent = Type.Number({ minimum: 0, maximum: 100 });
export const SuggestBody = Type.Object(
  {
    /** Ask this backend instead of the project's. */
    backendId: Type.Optional(Uuid),
    /** What the annotator pointed at; backends that cannot use it suggest for the whole task. */
    context: Type.Optional(
      Type.Object(
        {
          point: Type.Optional(Type.Object({ x: Percent, y: Percent })),
          box: Type.Optional(Type.Object({ x: Percent, y: Percent, width: Percent, height: Percent })),
          segment: Type.Optional(Type.Object({ start: Type.Number({ minimum: 0 }), end: Type.Number({ minimum: 0 }) })),
          selection: Type.Optional(Type.Object({ start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SuggestBody = Static<typeof SuggestBody>;

export const SuggestionDto = Type.Object({
  backendId: Uuid,
  result: Type.Array(ResultItemJson),
  score: Type.Union([Type.Number(), Type.Null()]),
  modelVersion: Type.String(),
  latencyMs: Type.Integer(),
});
export type SuggestionDto = Static<typeof SuggestionDto>;

export const PreannotateBody = Type.Object(
  {
    /** Default: the project's backend. */
    backendId: Type.Optional(Uuid),
    /** Only tasks not yet completed (default true), and at most this many. */
    taskFilter: Type.Optional(Type.Object({ incompleteOnly: Type.Optional(Type.Boolean()), maxTasks: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false })),
    batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type PreannotateBody = Static<typeof PreannotateBody>;

export const ModelAccuracyDto = Type.Object({
  items: Type.Array(
    Type.Object({
      modelVersion: Type.String(),
      predictions: Type.Integer(),
      /** Predictions whose task has a final accepted label to compare with. */
      compared: Type.Integer(),
      /** Mean agreement (0..1, core's resultAgreement) with the final label; null before any comparison. */
      meanAgreement: Type.Union([Type.Number(), Type.Null()]),
      meanScore: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
export type ModelAccuracyDto = Static<typeof ModelAccuracyDto>;

export const JudgeBody = Type.Object(
  {
    /** Ask this backend (an OpenAI-compatible one) instead of the project's. */
    backendId: Type.Optional(Uuid),
    /** Judge this annotation of the task; default: every submitted annotation of the task. */
    annotationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type JudgeBody = Static<typeof JudgeBody>;

const Reasons = Type.Array(Type.String());
export const JudgementDto = Type.Object({
  id: Uuid,
  taskId: Type.String(),
  annotationId: Uuid,
  /** The annotation version that was judged (a later edit is not covered by it). */
  annotationVersion: Type.Integer(),
  backendId: Type.Union([Uuid, Type.Null()]),
  modelVersion: Type.String(),
  /** 0 (wrong) .. 1 (fully correct). */
  score: Type.Number(),
  reasons: Reasons,
  /** For a dialogue task with candidate responses: a verdict per candidate (by index). */
  candidates: Type.Union([Type.Array(Type.Object({ index: Type.Integer(), score: Type.Number(), reasons: Reasons })), Type.Null()]),
  createdAt: Timestamp,
});
export type JudgementDto = Static<typeof JudgementDto>;

export const JudgementsDto = Type.Object({ items: Type.Array(JudgementDto) });
export type JudgementsDto = Static<typeof JudgementsDto>;
