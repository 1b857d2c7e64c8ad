import type { RuleSet, SpeechSettingsJson } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { ModelBackendRow } from '../repositories/model-backends.repository.js';
import { LabelStudioMlBackend } from './ls-ml-backend.js';
import type { ModelBackend } from './model-backend.js';
import { OpenAiCompatibleBackend } from './openai-compatible.js';
import { PocketsphinxBackend } from './pocketsphinx.js';
import { ResilientBackend } from './resilient-backend.js';
import { RulesBackend } from './rules-backend.js';
import type { SecretBox } from './secret-box.js';
import { SileroVadBackend } from './silero-vad.js';
import { TesseractOcrBackend } from './tesseract-ocr.js';

/**
 * Turns registered backends (rows of `model_backends`) into working adapters behind the resilience
 * wrapper, and keeps one per backend and settings version in this process, so its rate limit holds
 * across requests and jobs. Changing a backend's settings makes a fresh one.
 */
export class BackendRegistry {
  private readonly cache = new Map<string, { stamp: string; backend: ModelBackend }>();

  constructor(
    private readonly blobs: BlobStore,
    /** Opens the sealed API keys of `model_backends` (docs/models.md). */
    readonly secrets: SecretBox,
  ) {}

  /** The backend's API key in plaintext, for the adapter; null when none is set. */
  apiKeyOf(row: ModelBackendRow): string | null {
    return row.api_key === null ? null : this.secrets.open(row.api_key);
  }

  backendFor(row: ModelBackendRow): ModelBackend {
    const stamp = row.updated_at.toISOString();
    const cached = this.cache.get(row.id);
    if (cached?.stamp === stamp) return cached.backend;
    const backend = new ResilientBackend(this.adapter(row), { timeoutMs: row.timeout_ms, retries: row.retries, ratePerMinute: row.rate_per_minute }, `model backend "${row.name}"`);
    this.cache.set(row.id, { stamp, backend });
    return backend;
  }

  private adapter(row: ModelBackendRow): ModelBackend {
    switch (row.kind) {
      case 'label-studio':
        return new LabelStudioMlBackend({ url: row.url ?? '', apiKey: this.apiKeyOf(row) });
      case 'openai':
        return new OpenAiCompatibleBackend({ url: row.url ?? '', model: row.model ?? '', apiKey: this.apiKeyOf(row) }, this.blobs);
      case 'tesseract':
        return new TesseractOcrBackend(this.blobs, row.languages ?? 'chi_sim+eng');
      case 'vad':
        return new SileroVadBackend(this.blobs, (row.speech ?? null) as SpeechSettingsJson | null);
      case 'pocketsphinx':
        return new PocketsphinxBackend(this.blobs, (row.speech ?? null) as SpeechSettingsJson | null);
      case 'rules':
        return new RulesBackend((row.rules ?? {}) as RuleSet, `rules-${row.name}@${row.updated_at.toISOString()}`);
    }
  }
}
