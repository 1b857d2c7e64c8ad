import type { ModelBackendBody, ModelBackendKind } from '@yungang/core';

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
