/**
 * Text synthesis through an OpenAI-compatible chat endpoint (docs/augmentation.md, "Text synthesis"): the
 * record schema derived from the label config, the prompt with its placeholders filled, and one
 * `/chat/completions` call constrained to `{records: [...]}` by `response_format: json_schema`. Uses the
 * same request helper as the annotation backend (http-json.ts), so errors read and retry the same way.
 */
import type { ChoicesControl, LabelConfig } from '@yungang/core';
import { isRecord, joinUrl, requestJson } from './http-json.js';
import { ModelBackendError } from './model-backend.js';

export interface ChatEndpoint {
  url: string;
  model: string;
  apiKey: string | null;
}

/** What one generated record holds: the text of `textField`, and a label of `control` when the config has a choice on it. */
export interface RecordShape {
  schema: Record<string, unknown>;
  textField: string;
  control?: ChoicesControl;
}

/**
 * The JSON schema of one record from the label config: `{<text field>: string, label: one of the choices}`
 * when a single-choice control labels the text field, else just the text. Throws for a config without text.
 */
export function recordSchemaFor(config: LabelConfig): RecordShape {
  const text = config.fields.find((f) => f.type === 'text');
  if (!text) throw new ModelBackendError('the label config has no text field to generate', false);
  const control = config.controls.find((c): c is ChoicesControl => c.type === 'choices' && c.toName === text.name);
  const properties: Record<string, unknown> = { [text.name]: { type: 'string', minLength: 1 } };
  if (control) properties.label = { type: 'string', enum: control.options.map((o) => o.value) };
  return { schema: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false }, textField: text.name, ...(control ? { control } : {}) };
}

/** Fills `{{name}}` placeholders; unknown ones are left as written so a typo is visible in the output. */
export function renderPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** One chat call asking for `count` records of `schema`; returns the records the model sent (unchecked beyond being objects). */
export async function generateRecords(
  endpoint: ChatEndpoint,
  request: { system: string; user: string; schema: Record<string, unknown>; count: number; temperature: number; seed: number },
  signal: AbortSignal,
): Promise<Record<string, unknown>[]> {
  const name = `OpenAI-compatible ${endpoint.url}`;
  const wrapper = { type: 'object', properties: { records: { type: 'array', items: request.schema, minItems: 1, maxItems: request.count } }, required: ['records'], additionalProperties: false };
  const body = await requestJson(
    name,
    joinUrl(endpoint.url, 'chat/completions'),
    {
      method: 'POST',
      headers: endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {},
      body: {
        model: endpoint.model,
        temperature: request.temperature,
        seed: request.seed,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'records', strict: true, schema: wrapper } },
      },
    },
    signal,
  );
  const content = isRecord(body) && Array.isArray(body['choices']) && isRecord(body['choices'][0]) && isRecord(body['choices'][0]['message']) ? body['choices'][0]['message']['content'] : undefined;
  if (typeof content !== 'string') throw new ModelBackendError(`${name}: the chat answer has no choices[0].message.content`, false);
  let answer: unknown;
  try {
    answer = JSON.parse(content);
  } catch {
    throw new ModelBackendError(`${name}: the model's answer is not JSON: ${content.slice(0, 200)}`, false);
  }
  const records = isRecord(answer) && Array.isArray(answer['records']) ? answer['records'] : Array.isArray(answer) ? answer : undefined;
  if (!records) throw new ModelBackendError(`${name}: the model's answer has no "records" list`, false);
  return records.filter(isRecord);
}
