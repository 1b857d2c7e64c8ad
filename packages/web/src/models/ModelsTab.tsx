import { useCallback, useState, type FormEvent } from 'react';
import { can, type ModelBackendBody, type ModelBackendDto, type ModelBackendKind, type ModelHealthDto, type ProjectDto, type QueueOrder } from '@yungang/core';
import { modelsApi } from '../api/models-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { JobList } from '../pipelines/JobList.tsx';
import { useSession } from '../session/session.tsx';
import { backendBody, backendPatch, formOf, type BackendForm } from './backend-form.ts';

/**
 * AI-assisted annotation for one project (docs/models.md): the organisation's model backends (register,
 * check), which one this project uses, pre-annotation as a background job, and how well each model
 * agrees with the labels people accepted.
 */
export function ModelsTab({ project }: { project: ProjectDto }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const mayManage = org ? can(org.role, 'model.manage') : false;
  const loadBackends = useCallback(() => modelsApi.list(api), [api]);
  const backends = useLoad(loadBackends);
  const loadSettings = useCallback(() => modelsApi.settings(api, project.id), [api, project.id]);
  const settings = useLoad(loadSettings);
  const loadAccuracy = useCallback(() => modelsApi.accuracy(api, project.id), [api, project.id]);
  const accuracy = useLoad(loadAccuracy);
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState(0);
  const [health, setHealth] = useState<Record<string, ModelHealthDto>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [rubric, setRubric] = useState<string | null>(null);

  if (!backends.data || !settings.data) return backends.error || settings.error ? <ErrorMessage error={backends.error ?? settings.error} /> : <Spinner />;
  const current = settings.data;

  const save = async (backendId: string | null, queueOrder: QueueOrder, trainEvery: number | null) => {
    setError(null);
    try {
      await modelsApi.setSettings(api, project.id, { backendId, queueOrder, trainEvery });
      settings.reload();
    } catch (e) {
      setError(e);
    }
  };
  const check = async (backend: ModelBackendDto) => {
    setError(null);
    try {
      const answer = await modelsApi.health(api, backend.id);
      setHealth((h) => ({ ...h, [backend.id]: answer }));
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (backend: ModelBackendDto) => {
    if (!window.confirm(t('models.deleteConfirm', { name: backend.name }))) return;
    setError(null);
    try {
      await modelsApi.remove(api, backend.id);
      backends.reload();
      settings.reload();
    } catch (e) {
      setError(e);
    }
  };
  const saveRubric = async () => {
    setError(null);
    try {
      await modelsApi.setSettings(api, project.id, { backendId: current.backendId, judgeRubric: rubric?.trim() ? rubric : null });
      setRubric(null);
      settings.reload();
    } catch (e) {
      setError(e);
    }
  };
  const preannotate = async () => {
    setError(null);
    try {
      await modelsApi.preannotate(api, project.id, { taskFilter: { incompleteOnly: true } });
      setStarted((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="models-tab" data-testid="models-tab">
      <ErrorMessage error={error} />
      <section className="panel">
        <h2 className="panel-title">{t('models.projectBackend')}</h2>
        <p className="muted small">{t('models.projectBackendIntro')}</p>
        <div className="row-gap">
          <label className="inline-field">
            {t('models.backend')}
            <select value={current.backendId ?? ''} disabled={!mayManage} onChange={(e) => void save(e.target.value || null, current.queueOrder, current.trainEvery)} data-testid="models-backend-select">
              <option value="">{t('models.none')}</option>
              {backends.data.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name} ({b.kind})
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            {t('models.queueOrder')}
            <select value={current.queueOrder} disabled={!mayManage} onChange={(e) => void save(current.backendId, e.target.value as QueueOrder, current.trainEvery)} data-testid="models-queue-order">
              <option value="default">{t('models.queue.default')}</option>
              <option value="uncertainty">{t('models.queue.uncertainty')}</option>
              <option value="diversity">{t('models.queue.diversity')}</option>
              <option value="random">{t('models.queue.random')}</option>
            </select>
          </label>
          {mayManage && current.backendId ? (
            <button type="button" className="btn btn-primary" onClick={() => void preannotate()} data-testid="models-preannotate">
              {t('models.preannotate')}
            </button>
          ) : null}
        </div>
      </section>
      <section className="panel" data-testid="models-judge">
        <h2 className="panel-title">{t('models.judgeRubric')}</h2>
        <p className="muted small">{t('models.judgeRubricIntro')}</p>
        <textarea rows={5} style={{ width: '100%' }} value={rubric ?? current.judgeRubric ?? ''} disabled={!mayManage} onChange={(e) => setRubric(e.target.value)} data-testid="models-judge-rubric" />
        {mayManage && rubric !== null ? (
          <button type="button" className="btn" onClick={() => void saveRubric()} data-testid="models-judge-save">
            {t('models.saveRubric')}
          </button>
        ) : null}
      </section>
      <section className="panel" data-testid="models-accuracy">
        <h2 className="panel-title">{t('models.accuracy')}</h2>
        <p className="muted small">{t('models.accuracyIntro')}</p>
        {accuracy.data && accuracy.data.items.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t('models.version')}</th>
                <th>{t('models.predictions')}</th>
                <th>{t('models.compared')}</th>
                <th>{t('models.agreement')}</th>
                <th>{t('models.meanScore')}</th>
              </tr>
            </thead>
            <tbody>
              {accuracy.data.items.map((row) => (
                <tr key={row.modelVersion}>
                  <td>{row.modelVersion}</td>
                  <td>{row.predictions}</td>
                  <td>{row.compared}</td>
                  <td>{row.meanAgreement === null ? '—' : `${Math.round(row.meanAgreement * 1000) / 10}%`}</td>
                  <td>{row.meanScore === null ? '—' : Math.round(row.meanScore * 100) / 100}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <div className="muted">{accuracy.error ? <ErrorMessage error={accuracy.error} /> : t('models.noPredictions')}</div>
        )}
      </section>
      <section className="panel">
        <h2 className="panel-title">{t('models.backends')}</h2>
        <table className="table">
          <tbody>
            {backends.data.map((b) =>
              editing === b.id ? (
                <tr key={b.id} data-testid="models-backend-edit-row">
                  <td colSpan={5}>
                    <EditBackendForm
                      backend={b}
                      onDone={() => {
                        setEditing(null);
                        backends.reload();
                      }}
                    />
                  </td>
                </tr>
              ) : (
              <tr key={b.id} data-testid="models-backend-row" data-name={b.name}>
                <td>{b.name}</td>
                <td>{b.kind}</td>
                <td className="muted small">{b.url ?? b.model ?? b.languages ?? ''}</td>
                <td>{b.hasApiKey ? t('models.keySet') : ''}</td>
                <td>
                  {mayManage ? (
                    <>
                      <button type="button" className="btn btn-small" onClick={() => void check(b)} data-testid="models-check">
                        {t('models.check')}
                      </button>{' '}
                      <button type="button" className="btn btn-small" onClick={() => setEditing(b.id)} data-testid="models-edit">
                        {t('models.edit')}
                      </button>{' '}
                      <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(b)} data-testid="models-delete">
                        {t('models.delete')}
                      </button>
                    </>
                  ) : null}
                  {health[b.id] ? (
                    <span className={health[b.id]!.ok ? 'ok' : 'bad'} data-testid="models-health">
                      {' '}
                      {health[b.id]!.ok ? '✓' : '✗'} {health[b.id]!.detail} ({health[b.id]!.latencyMs} ms)
                    </span>
                  ) : null}
                </td>
              </tr>
              ),
            )}
          </tbody>
        </table>
        {mayManage ? <NewBackendForm onCreated={backends.reload} /> : null}
      </section>
      <JobList projectId={project.id} refreshKey={started} canCancel={mayManage} />
    </div>
  );
}

/** Edits a registered backend in place: its name and the settings of its kind; the key is write-only (empty keeps it). */
function EditBackendForm({ backend, onDone }: { backend: ModelBackendDto; onDone: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [form, setForm] = useState<BackendForm>(() => formOf(backend));
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<BackendForm>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const patch = backendPatch(form, backend);
      if (Object.keys(patch).length > 0) await modelsApi.update(api, backend.id, patch);
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const remote = backend.kind === 'label-studio' || backend.kind === 'openai';
  return (
    <form className="row-gap" onSubmit={(e) => void submit(e)} data-testid="models-edit-form">
      <label className="inline-field">
        {t('models.name')}
        <input value={form.name} onChange={(e) => set({ name: e.target.value })} required data-testid="models-edit-name" />
      </label>
      {remote ? (
        <>
          <label className="inline-field">
            URL
            <input value={form.url} onChange={(e) => set({ url: e.target.value })} />
          </label>
          <label className="inline-field">
            {t('models.apiKey')}
            <input type="password" value={form.apiKey} onChange={(e) => set({ apiKey: e.target.value })} autoComplete="off" placeholder={backend.hasApiKey ? t('models.apiKeyKeep') : ''} />
          </label>
        </>
      ) : null}
      {backend.kind === 'openai' ? (
        <label className="inline-field">
          {t('models.model')}
          <input value={form.model} onChange={(e) => set({ model: e.target.value })} />
        </label>
      ) : null}
      {backend.kind === 'rules' ? (
        <label className="inline-field">
          {t('models.rules')}
          <textarea rows={4} value={form.rules} onChange={(e) => set({ rules: e.target.value })} data-testid="models-edit-rules" />
        </label>
      ) : null}
      <button type="submit" className="btn btn-primary" data-testid="models-edit-save">
        {t('models.save')}
      </button>
      <button type="button" className="btn" onClick={onDone}>
        {t('models.cancel')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}

function NewBackendForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [form, setForm] = useState<BackendForm>({ name: '', kind: 'label-studio', url: '', model: '', apiKey: '', rules: '' });
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<BackendForm>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    let body: ModelBackendBody;
    try {
      body = backendBody(form);
    } catch (e) {
      setError(e);
      return;
    }
    try {
      await modelsApi.create(api, body);
      setForm({ name: '', kind: form.kind, url: '', model: '', apiKey: '', rules: '' });
      onCreated();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="row-gap" onSubmit={(e) => void submit(e)} data-testid="models-new-backend">
      <label className="inline-field">
        {t('models.name')}
        <input value={form.name} onChange={(e) => set({ name: e.target.value })} required />
      </label>
      <label className="inline-field">
        {t('models.kind')}
        <select value={form.kind} onChange={(e) => set({ kind: e.target.value as ModelBackendKind })}>
          <option value="label-studio">{t('models.kind.label-studio')}</option>
          <option value="openai">{t('models.kind.openai')}</option>
          <option value="tesseract">{t('models.kind.tesseract')}</option>
          <option value="rules">{t('models.kind.rules')}</option>
          <option value="vad">{t('models.kind.vad')}</option>
          <option value="pocketsphinx">{t('models.kind.pocketsphinx')}</option>
        </select>
      </label>
      {form.kind === 'label-studio' || form.kind === 'openai' ? (
        <>
          <label className="inline-field">
            URL
            <input value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder="http://127.0.0.1:9090" />
          </label>
          <label className="inline-field">
            {t('models.apiKey')}
            <input type="password" value={form.apiKey} onChange={(e) => set({ apiKey: e.target.value })} autoComplete="off" />
          </label>
        </>
      ) : null}
      {form.kind === 'openai' ? (
        <label className="inline-field">
          {t('models.model')}
          <input value={form.model} onChange={(e) => set({ model: e.target.value })} placeholder="qwen2.5-7b-instruct" />
        </label>
      ) : null}
      {form.kind === 'rules' ? (
        <label className="inline-field">
          {t('models.rules')}
          <textarea rows={4} value={form.rules} onChange={(e) => set({ rules: e.target.value })} placeholder='{"gazetteer": [{"label": "LOC", "terms": ["北京", "上海"]}]}' />
        </label>
      ) : null}
      <button type="submit" className="btn">
        {t('models.register')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
