import { useCallback, useState } from 'react';
import type { LabelConfig, ProjectDto } from '@yungang/core';
import { modelsApi } from '../api/models-api.ts';
import { synthesisApi } from '../api/synthesis-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { AUGMENT_CHOICES, augmentVariants, linesOf, type AugmentChoice } from './synthesis-form.ts';

const DEFAULT_PROMPT = 'Write {{count}} new examples for the project "{{project}}", each with one label of {{labels}}. Vary topic, length and wording. Examples:\n{{examples}}';

/**
 * Synthetic data for this project (docs/augmentation.md): augment labelled images, generate texts with a
 * registered chat model, or turn texts into recordings with known transcripts. Each starts a background
 * job; `onStarted` refreshes the job list that follows its progress.
 */
export function SynthesisPanel({ project, onStarted }: { project: ProjectDto; onStarted: () => void }) {
  const { t } = useI18n();
  const kinds = new Set((project.labelConfig as unknown as LabelConfig).fields.map((f) => f.type));
  const mode = kinds.has('image') ? 'augment' : kinds.has('audio') ? 'speech' : kinds.has('text') ? 'text' : null;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!mode) return null;

  const start = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onStarted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel form" data-testid="synthesis-panel">
      <h2 className="panel-title">{t('synthesis.title')}</h2>
      <p className="muted small">{t(`synthesis.intro.${mode}`)}</p>
      {mode === 'augment' ? <AugmentForm project={project} busy={busy} start={start} /> : null}
      {mode === 'text' ? <TextForm project={project} busy={busy} start={start} /> : null}
      {mode === 'speech' ? <SpeechForm project={project} busy={busy} start={start} /> : null}
      <ErrorMessage error={error} />
    </section>
  );
}

interface FormProps {
  project: ProjectDto;
  busy: boolean;
  start: (work: () => Promise<unknown>) => Promise<void>;
}

function AugmentForm({ project, busy, start }: FormProps) {
  const { t } = useI18n();
  const { api } = useSession();
  const [chosen, setChosen] = useState<Set<AugmentChoice>>(new Set(['flipH', 'rotateAngle', 'colour']));
  const [angle, setAngle] = useState(15);
  const [sample, setSample] = useState('');
  const variants = augmentVariants(chosen, angle);
  const toggle = (choice: AugmentChoice) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(choice)) next.delete(choice);
      else next.add(choice);
      return next;
    });
  const go = () => start(() => synthesisApi.augment(api, project.id, { variants, ...(sample ? { sample: Number(sample) } : {}) }));
  return (
    <div>
      <div className="row-gap">
        {AUGMENT_CHOICES.map((choice) => (
          <label key={choice} className="inline-field">
            <input type="checkbox" checked={chosen.has(choice)} onChange={() => toggle(choice)} data-testid={`augment-${choice}`} />
            {t(`synthesis.augment.${choice}`)}
          </label>
        ))}
      </div>
      <div className="row-gap">
        <label className="inline-field">
          {t('synthesis.augment.angle')}
          <input type="number" min={-360} max={360} value={angle} onChange={(e) => setAngle(Number(e.target.value) || 0)} />
        </label>
        <label className="inline-field">
          {t('synthesis.sample')}
          <input type="number" min={1} value={sample} placeholder={t('synthesis.allTasks')} onChange={(e) => setSample(e.target.value.replace(/[^0-9]/g, ''))} />
        </label>
        <button type="button" className="btn btn-primary" disabled={busy || variants.length === 0} onClick={() => void go()} data-testid="augment-start">
          {t('synthesis.augment.start', { n: variants.length })}
        </button>
      </div>
    </div>
  );
}

function TextForm({ project, busy, start }: FormProps) {
  const { t } = useI18n();
  const { api } = useSession();
  const load = useCallback(() => modelsApi.list(api), [api]);
  const backends = useLoad(load);
  const chat = (backends.data ?? []).filter((b) => b.kind === 'openai');
  const [backendId, setBackendId] = useState('');
  const [prompt, setPrompt] = useState(DEFAULT_PROMPT);
  const [count, setCount] = useState(20);
  const [fewShot, setFewShot] = useState(3);
  const [temperature, setTemperature] = useState(0.9);
  const chosen = backendId || chat[0]?.id || '';
  const go = () => start(() => synthesisApi.text(api, project.id, { backendId: chosen, prompt, count, fewShot, temperature }));
  return (
    <div>
      <ErrorMessage error={backends.error} />
      {backends.data && chat.length === 0 ? <p className="muted">{t('synthesis.text.noBackend')}</p> : null}
      <label className="field">
        {t('synthesis.text.backend')}
        <select value={chosen} onChange={(e) => setBackendId(e.target.value)} data-testid="synthesis-backend">
          {chat.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name} ({b.model ?? ''})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('synthesis.text.prompt')}
        <textarea className="code-input" rows={5} value={prompt} onChange={(e) => setPrompt(e.target.value)} data-testid="synthesis-prompt" />
      </label>
      <p className="muted small">{t('synthesis.text.placeholders')}</p>
      <div className="row-gap">
        <label className="inline-field">
          {t('synthesis.text.count')}
          <input type="number" min={1} max={5000} value={count} onChange={(e) => setCount(Math.max(1, Math.min(5000, Number(e.target.value) || 1)))} />
        </label>
        <label className="inline-field">
          {t('synthesis.text.fewShot')}
          <input type="number" min={0} max={50} value={fewShot} onChange={(e) => setFewShot(Math.max(0, Math.min(50, Number(e.target.value) || 0)))} />
        </label>
        <label className="inline-field">
          {t('synthesis.text.temperature')}
          <input type="number" min={0} max={2} step={0.1} value={temperature} onChange={(e) => setTemperature(Math.max(0, Math.min(2, Number(e.target.value) || 0)))} />
        </label>
        <button type="button" className="btn btn-primary" disabled={busy || !chosen} onClick={() => void go()} data-testid="synthesis-start">
          {t('synthesis.start')}
        </button>
      </div>
    </div>
  );
}

function SpeechForm({ project, busy, start }: FormProps) {
  const { t } = useI18n();
  const { api } = useSession();
  const [voice, setVoice] = useState('en');
  const [texts, setTexts] = useState('');
  const lines = linesOf(texts);
  const go = () => start(() => synthesisApi.speech(api, project.id, { engine: 'espeak-ng', voice, texts: lines }));
  return (
    <div>
      <label className="field">
        {t('synthesis.speech.voice')}
        <select value={voice} onChange={(e) => setVoice(e.target.value)} data-testid="speech-voice">
          <option value="en">{t('synthesis.speech.en')}</option>
          <option value="cmn-latn-pinyin">{t('synthesis.speech.cmn')}</option>
        </select>
      </label>
      <label className="field">
        {t('synthesis.speech.texts')}
        <textarea rows={5} value={texts} onChange={(e) => setTexts(e.target.value)} data-testid="speech-texts" />
      </label>
      <button type="button" className="btn btn-primary" disabled={busy || lines.length === 0} onClick={() => void go()} data-testid="speech-start">
        {t('synthesis.speech.start', { n: lines.length })}
      </button>
    </div>
  );
}
