import type { Readable } from 'node:stream';
import { CodePointIndex, speechResult, type LabelConfig, type PredictionMeta, type ResultItem } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import { isRecord, joinUrl, requestJson } from './http-json.js';
import { readTranscription } from './transcription-response.js';
import { ModelBackendError, type JudgeRequest, type ModelBackend, type ModelHealth, type ModelPrediction, type ModelProject, type ModelTask, type SuggestContext } from './model-backend.js';

export interface OpenAiCompatibleOptions {
  /** Base URL including the version, e.g. `http://127.0.0.1:8000/v1` (vLLM, Ollama, LocalAI, hosted APIs). */
  url: string;
  model: string;
  apiKey?: string | null | undefined;
}

/**
 * The JSON schema the model must answer with, built from the project's text controls: one property per
 * control: a choice (enum) or list of choices, entity mentions as `{text, label}` (the model quotes the
 * words; we find their offsets, since language models count characters badly), a string for text areas,
 * an integer for ratings.
 */
export function answerSchema(config: LabelConfig): { schema: Record<string, unknown>; controls: string[] } {
  const properties: Record<string, unknown> = {};
  for (const control of config.controls) {
    const field = config.fields.find((f) => f.name === control.toName);
    if (field?.type !== 'text') continue;
    if (control.type === 'choices') {
      const one = { type: 'string', enum: control.options.map((o) => o.value) };
      properties[control.name] = control.choice === 'single' ? one : { type: 'array', items: one };
    } else if (control.type === 'labels') {
      properties[control.name] = { type: 'array', items: { type: 'object', properties: { text: { type: 'string' }, label: { type: 'string', enum: control.labels.map((l) => l.value) } }, required: ['text', 'label'], additionalProperties: false } };
    } else if (control.type === 'textarea') {
      properties[control.name] = { type: 'string' };
    } else if (control.type === 'rating') {
      properties[control.name] = { type: 'integer', minimum: 1, maximum: control.maxRating };
    }
  }
  const controls = Object.keys(properties);
  return { schema: { type: 'object', properties, required: controls, additionalProperties: false }, controls };
}

/** The model's JSON answer as result items; mentions it quotes that are not in the text are dropped. */
export function answerToResult(config: LabelConfig, data: Record<string, unknown>, answer: Record<string, unknown>): ResultItem[] {
  const out: ResultItem[] = [];
  for (const control of config.controls) {
    const value = answer[control.name];
    const text = data[control.toName];
    if (value === undefined || value === null) continue;
    const base = { id: `llm-${control.name}`, from_name: control.name, to_name: control.toName };
    if (control.type === 'choices') {
      const choices = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
      if (choices.length > 0) out.push({ ...base, type: 'choices', value: { choices } });
    } else if (control.type === 'labels' && Array.isArray(value) && typeof text === 'string') {
      const index = new CodePointIndex(text);
      let from = 0;
      const taken: [number, number][] = [];
      for (const mention of value) {
        if (!isRecord(mention) || typeof mention['text'] !== 'string' || typeof mention['label'] !== 'string' || mention['text'] === '') continue;
        let at = text.indexOf(mention['text'], from);
        if (at === -1) at = text.indexOf(mention['text']);
        if (at === -1) continue;
        const start = index.toCodePoint(at);
        const end = index.toCodePoint(at + mention['text'].length);
        if (taken.some(([s, e]) => start < e && s < end)) continue;
        taken.push([start, end]);
        from = at + mention['text'].length;
        out.push({ ...base, id: `llm-${control.name}-${start}-${end}`, type: 'labels', value: { start, end, text: mention['text'], labels: [mention['label']] } });
      }
    } else if (control.type === 'textarea' && typeof value === 'string' && value !== '') {
      out.push({ ...base, type: 'textarea', value: { text: value.split('\n') } });
    } else if (control.type === 'rating' && typeof value === 'number') {
      out.push({ ...base, type: 'rating', value: { rating: value } });
    }
  }
  return out;
}

/**
 * OpenAI-compatible endpoints: `/chat/completions` with `response_format: {type: "json_schema"}` for text
 * tasks, `/audio/transcriptions` (multipart) for audio tasks with a text area. Scores are not given by
 * these APIs, so predictions carry none.
 */
export class OpenAiCompatibleBackend implements ModelBackend {
  constructor(
    private readonly options: OpenAiCompatibleOptions,
    private readonly blobs: BlobStore,
  ) {}

  private get name(): string {
    return `OpenAI-compatible ${this.options.url}`;
  }

  private headers(): Record<string, string> {
    return this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
  }

  async health(signal: AbortSignal): Promise<ModelHealth> {
    const body = await requestJson(this.name, joinUrl(this.options.url, 'models'), { method: 'GET', headers: this.headers() }, signal);
    const ids = isRecord(body) && Array.isArray(body['data']) ? body['data'].map((m) => (isRecord(m) ? m['id'] : undefined)).filter((id): id is string => typeof id === 'string') : [];
    if (ids.length > 0 && !ids.includes(this.options.model)) throw new ModelBackendError(`${this.name}: no model "${this.options.model}" here; it offers ${ids.slice(0, 10).join(', ')}`, false);
    return { ok: true, detail: `model ${this.options.model}` };
  }

  setup(): Promise<{ modelVersion: string }> {
    return Promise.resolve({ modelVersion: this.options.model });
  }

  async predict(project: ModelProject, tasks: ModelTask[], _context: SuggestContext | undefined, signal: AbortSignal): Promise<ModelPrediction[]> {
    const out: ModelPrediction[] = [];
    const audio = project.labelConfig.fields.find((f) => f.type === 'audio');
    for (const task of tasks) {
      const { result, meta } = audio ? await this.transcribe(project.labelConfig, audio.name, task, signal) : { result: await this.chat(project, task, signal), meta: undefined };
      out.push({ taskId: task.id, result, score: null, modelVersion: this.options.model, meta });
    }
    return out;
  }

  private async chat(project: ModelProject, task: ModelTask, signal: AbortSignal): Promise<ResultItem[]> {
    const { schema, controls } = answerSchema(project.labelConfig);
    if (controls.length === 0) throw new ModelBackendError(`${this.name}: this project has no text control a chat model can fill in`, false);
    const texts = project.labelConfig.fields.filter((f) => f.type === 'text').map((f) => `${f.name}:\n${String(task.data[f.name] ?? '')}`);
    const answer = await this.chatJson(
      [
        { role: 'system', content: `You label data for the project "${project.title}". Answer only with JSON matching the schema. For entity lists, quote each mention exactly as it appears in the text.` },
        { role: 'user', content: texts.join('\n\n') },
      ],
      'labels',
      schema,
      signal,
    );
    return answerToResult(project.labelConfig, task.data, answer);
  }

  /** LLM-as-judge: the rendered rubric, answered as JSON of the verdict schema (checked by the caller, core readVerdict). */
  async judge(request: JudgeRequest, signal: AbortSignal): Promise<{ answer: unknown; modelVersion: string }> {
    const answer = await this.chatJson(
      [
        { role: 'system', content: 'You judge the quality of labelled data against a rubric. Answer only with JSON matching the schema: a score from 0 to 1 and short reasons.' },
        { role: 'user', content: request.prompt },
      ],
      'verdict',
      request.schema,
      signal,
    );
    return { answer, modelVersion: this.options.model };
  }

  /** One chat completion constrained to a JSON schema; answers the parsed JSON object. */
  private async chatJson(messages: { role: 'system' | 'user'; content: string }[], name: string, schema: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    const body = await requestJson(
      this.name,
      joinUrl(this.options.url, 'chat/completions'),
      { method: 'POST', headers: this.headers(), body: { model: this.options.model, temperature: 0, messages, response_format: { type: 'json_schema', json_schema: { name, strict: true, schema } } } },
      signal,
    );
    const content = isRecord(body) && Array.isArray(body['choices']) && isRecord(body['choices'][0]) && isRecord(body['choices'][0]['message']) ? body['choices'][0]['message']['content'] : undefined;
    if (typeof content !== 'string') throw new ModelBackendError(`${this.name}: the chat answer has no choices[0].message.content`, false);
    let answer: unknown;
    try {
      answer = JSON.parse(content);
    } catch {
      throw new ModelBackendError(`${this.name}: the model's answer is not JSON: ${content.slice(0, 200)}`, false);
    }
    if (!isRecord(answer)) throw new ModelBackendError(`${this.name}: the model's answer is not a JSON object`, false);
    return answer;
  }

  private async transcribe(config: LabelConfig, field: string, task: ModelTask, signal: AbortSignal): Promise<{ result: ResultItem[]; meta?: PredictionMeta | undefined }> {
    const control = config.controls.find((c) => c.type === 'textarea' && c.toName === field);
    if (!control) throw new ModelBackendError(`${this.name}: this audio project has no text area for a transcript`, false);
    const sha = typeof task.data[field] === 'string' ? /\/api\/v1\/media\/([0-9a-f]{64})/.exec(task.data[field])?.[1] : undefined;
    const stream = sha ? await this.blobs.get(sha) : undefined;
    if (!stream) throw new ModelBackendError(`task ${task.id}: its audio is not stored on this server`, false);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await readAll(stream))]), 'audio');
    form.append('model', this.options.model);
    // verbose_json adds timed segments (and, from whisper.cpp, word probabilities); servers that only know json still send `text`.
    form.append('response_format', 'verbose_json');
    let response: Response;
    try {
      response = await fetch(joinUrl(this.options.url, 'audio/transcriptions'), { method: 'POST', headers: this.headers(), body: form, signal });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new ModelBackendError(`${this.name}: cannot reach it (${(error as Error).message})`, true);
    }
    const text = await response.text();
    if (!response.ok) throw new ModelBackendError(`${this.name}: /audio/transcriptions answered ${response.status}: ${text.slice(0, 300)}`, response.status >= 500 || response.status === 429);
    let transcript: ReturnType<typeof readTranscription>;
    try {
      transcript = readTranscription(JSON.parse(text));
    } catch {
      transcript = null;
    }
    if (transcript === null) throw new ModelBackendError(`${this.name}: /audio/transcriptions answered without a "text"`, false);
    // Timed segments fill a segmented project (segments with per-segment transcripts) like the built-in recogniser does.
    const segmented = config.controls.some((c) => c.type === 'labels' && c.toName === field) && config.controls.some((c) => c.type === 'textarea' && c.toName === field && c.perRegion === true);
    if (segmented && transcript.segments.length > 0) return speechResult(config, field, transcript.segments, { idPrefix: 'asr' });
    return { result: transcript.text === '' ? [] : [{ id: `asr-${control.name}`, from_name: control.name, to_name: field, type: 'textarea', value: { text: [transcript.text] } }] };
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
