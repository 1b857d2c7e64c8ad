import type { ColumnType, Generated } from 'kysely';

/** Row types of AI-assisted annotation (0015-model-backends, docs/models.md); part of `DB` in schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export interface ModelBackendsTable {
  id: string;
  org_id: string;
  name: string;
  kind: 'label-studio' | 'openai' | 'tesseract' | 'rules' | 'vad' | 'pocketsphinx';
  url: string | null;
  model: string | null;
  languages: string | null;
  rules: NullableJson;
  /** vad, pocketsphinx and openai on audio: how speech is segmented (core VadSegmentOptions + label); 0020. */
  speech: NullableJson;
  /** Write-only through the API: never put into a DTO. */
  api_key: string | null;
  timeout_ms: Generated<number>;
  retries: Generated<number>;
  rate_per_minute: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProjectModelSettingsTable {
  project_id: string;
  org_id: string;
  backend_id: string | null;
  train_every: number | null;
  queue_order: ColumnType<QueueOrderValue, QueueOrderValue | undefined, QueueOrderValue>;
  accepted_since_training: Generated<number>;
  /** LLM-as-judge's prompt template ({{task}}, {{annotation}}); 0019. */
  judge_rubric: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

type QueueOrderValue = 'default' | 'uncertainty' | 'diversity' | 'random';

/** One cluster id per task for the diversity queue order (0019). */
export interface TaskClustersTable {
  task_id: string;
  org_id: string;
  project_id: string;
  cluster: number;
  source: 'text' | 'labels' | 'random';
}

/** An LLM judge's verdict on one version of an annotation (0019). */
export interface JudgementsTable {
  id: string;
  org_id: string;
  project_id: string;
  task_id: string;
  annotation_id: string;
  annotation_version: number;
  backend_id: string | null;
  model_version: string;
  score: number;
  reasons: ColumnType<string[], string, string>;
  candidates: NullableJson<{ index: number; score: number; reasons: string[] }[]>;
  rubric_sha256: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ModelTables {
  model_backends: ModelBackendsTable;
  project_model_settings: ProjectModelSettingsTable;
  task_clusters: TaskClustersTable;
  judgements: JudgementsTable;
}
