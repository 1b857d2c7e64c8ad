import type { ModelBackendBody, ModelBackendDto, ModelBackendKind, ModelBackendPatch } from '@yungang/core';

export interface BackendForm {
  name: string;
  kind: ModelBackendKind;
  url: string;
  model: string;
  apiKey: string;
  /** The rule set as JSON text (rules backends). */
  rules: string;
}

/** The form as the API's body; only the settings of the chosen kind, empty fields left out. Throws on rules that are not JSON. */
export function backendBody(form: BackendForm): ModelBackendBody {
  const body: ModelBackendBody = { name: form.name.trim(), kind: form.kind };
  if ((form.kind === 'label-studio' || form.kind === 'openai') && form.url.trim()) body.url = form.url.trim();
  if ((form.kind === 'label-studio' || form.kind === 'openai') && form.apiKey) body.apiKey = form.apiKey;
  if (form.kind === 'openai' && form.model.trim()) body.model = form.model.trim();
  if (form.kind === 'rules') {
    try {
      body.rules = JSON.parse(form.rules || '{}') as NonNullable<ModelBackendBody['rules']>;
    } catch (error) {
      throw new Error(`rules: not JSON (${(error as Error).message}); write e.g. {"gazetteer": [{"label": "LOC", "terms": ["北京"]}]}`, { cause: error });
    }
  }
  return body;
}

/** The edit form of a registered backend: its settings as text; the API key stays empty (write-only). */
export function formOf(backend: ModelBackendDto): BackendForm {
  return { name: backend.name, kind: backend.kind, url: backend.url ?? '', model: backend.model ?? '', apiKey: '', rules: backend.rules ? JSON.stringify(backend.rules, null, 2) : '' };
}

/** Only what changed; an empty API key keeps the stored one (it cannot be shown, so it cannot be edited). */
export function backendPatch(form: BackendForm, before: ModelBackendDto): ModelBackendPatch {
  const body = backendBody(form);
  const patch: ModelBackendPatch = {};
  if (body.name !== before.name) patch.name = body.name;
  if (body.url !== undefined && body.url !== before.url) patch.url = body.url;
  if (body.model !== undefined && body.model !== before.model) patch.model = body.model;
  if (body.apiKey !== undefined) patch.apiKey = body.apiKey;
  if (body.rules !== undefined && JSON.stringify(body.rules) !== JSON.stringify(before.rules)) patch.rules = body.rules;
  return patch;
}
