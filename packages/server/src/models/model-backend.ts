import type { LabelConfig, PredictionMeta, ResultItem } from '@yungang/core';

/**
 * The port every model backend implements (docs/models.md): Label Studio ML backends over HTTP,
 * OpenAI-compatible endpoints, and the built-in offline engines (Tesseract OCR, rule pre-labellers).
 * Results are Label Studio-shaped, so they are validated and stored like imported predictions.
 */
export interface ModelProject {
  id: string;
  title: string;
  labelConfig: LabelConfig;
}

export interface ModelTask {
  id: string;
  data: Record<string, unknown>;
}

/**
 * What the annotator pointed at when asking for a suggestion on the current item: a point or a box on an
 * image (percent), a segment of audio (seconds), a selection of text (code points). Backends that cannot
 * use it predict for the whole task.
 */
export interface SuggestContext {
  point?: { x: number; y: number } | undefined;
  box?: { x: number; y: number; width: number; height: number } | undefined;
  segment?: { start: number; end: number } | undefined;
  selection?: { start: number; end: number } | undefined;
}

export interface ModelPrediction {
  taskId: string;
  result: ResultItem[];
  /** 0..1, higher = more confident; null when the backend gives none. */
  score: number | null;
  modelVersion: string;
  /** What the backend says beside the result, e.g. a recogniser's word confidences (docs/models.md, Speech). */
  meta?: PredictionMeta | undefined;
}

export interface ModelHealth {
  ok: boolean;
  /** What the backend said about itself (model version, status text), or why it failed. */
  detail: string;
}

/** Sent to backends that train (Label Studio's webhook events). */
export interface TrainEvent {
  action: 'ANNOTATION_CREATED' | 'ANNOTATION_UPDATED' | 'START_TRAINING';
  project: ModelProject;
  /** The accepted labels that triggered it (the newest ones). */
  annotations: { taskId: string; data: Record<string, unknown>; result: ResultItem[] }[];
}

/** LLM-as-judge: a rendered rubric and the JSON schema the verdict must follow (core judge-prompt.ts). */
export interface JudgeRequest {
  prompt: string;
  schema: Record<string, unknown>;
}

export interface ModelBackend {
  /** Whether the backend answers at all (and what it says about itself). */
  health(signal: AbortSignal): Promise<ModelHealth>;
  /** Tells the backend the project it will work for; answers the model version it will predict with. */
  setup(project: ModelProject, signal: AbortSignal): Promise<{ modelVersion: string }>;
  predict(project: ModelProject, tasks: ModelTask[], context: SuggestContext | undefined, signal: AbortSignal): Promise<ModelPrediction[]>;
  /** Present only for backends that learn from accepted labels. */
  train?(event: TrainEvent, signal: AbortSignal): Promise<void>;
  /** Present only for backends that can judge work (chat models): answers the model's JSON and its version. */
  judge?(request: JudgeRequest, signal: AbortSignal): Promise<{ answer: unknown; modelVersion: string }>;
}

/** A backend broke its contract or failed: the message says which backend and what happened. */
export class ModelBackendError extends Error {
  constructor(
    message: string,
    /** True when trying again may help (timeouts, 5xx, connection refused); false for 4xx and bad output. */
    readonly retryable: boolean,
    readonly kind: 'failed' | 'timeout' = 'failed',
  ) {
    super(message);
    this.name = 'ModelBackendError';
  }
}
