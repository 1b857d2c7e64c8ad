import type { ColumnType, Generated } from 'kysely';

/** Row types of AI-assisted annotation (0015-model-backends, docs/models.md); part of `DB` in schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export interface ModelBackendsTable {
  id: string;
  org_id: string;
  name: string;
  kind: 'label-studio' | 'openai' | 'tesseract' | 'rules';
  url: string | null;
  model: string | null;
  languages: string | null;
  rules: NullableJson;
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
  queue_order: ColumnType<'default' | 'uncertainty' | 'random', 'default' | 'uncertainty' | 'random' | undefined, 'default' | 'uncertainty' | 'random'>;
  accepted_since_training: Generated<number>;
  updated_at: Timestamp;
}

export interface ModelTables {
  model_backends: ModelBackendsTable;
  project_model_settings: ProjectModelSettingsTable;
}
