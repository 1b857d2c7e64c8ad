import { useCallback, useState, type FormEvent } from 'react';
import { can, type DatasetVersionDto, type ProjectDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useReloadWhile } from '../components/use-reload-while.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { anyPending, bundleFileName } from '../provenance/provenance-format.ts';
import { VerifyHelp } from '../provenance/VerifyHelp.tsx';
import { useSession } from '../session/session.tsx';
import { PublishPanel } from '../catalog/PublishPanel.tsx';
import { DatasetVersionRow, VERSION_COLUMNS, type DatasetVersionRowProps } from './DatasetVersionRow.tsx';

/** Dataset versions of a project: freeze a new one, list them with bundle downloads and history, and how to verify offline. */
export function DatasetsTab({ project }: { project: ProjectDto }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const canExport = org ? can(org.role, 'project.export') : false;
  const canReadHistory = org ? can(org.role, 'task.read') : false;
  const canWrite = org ? can(org.role, 'project.write') : false;
  const canInspect = org ? can(org.role, 'task.review') : false;
  const load = useCallback(() => api.listDatasetVersions(project.id), [api, project.id]);
  const { data, error, reload } = useLoad(load);
  // A new version gets its log position from the sequencer within a second: ask again until it has one.
  useReloadWhile(data !== null && anyPending(data), reload, data);
  const latest = data?.[0];
  return (
    <div className="datasets-tab" data-testid="datasets-tab">
      <div className="datasets-main">
        <p className="muted">{t('datasets.intro')}</p>
        {canExport ? <FreezeForm projectId={project.id} onFrozen={reload} /> : <div className="alert alert-warn">{t('datasets.noExport')}</div>}
        <section className="panel">
          <h2 className="panel-title">{t('datasets.listTitle')}</h2>
          <ErrorMessage error={error} />
          {data ? <VersionTable versions={data} orgId={project.orgId} canExport={canExport} canReadHistory={canReadHistory} canWrite={canWrite} canInspect={canInspect} /> : error ? null : <Spinner />}
        </section>
        {data && canExport ? <PublishPanel versions={data} /> : null}
      </div>
      <aside className="datasets-side">
        <VerifyHelp bundleFile={latest ? bundleFileName(latest.name, latest.version) : 'bundle.zip'} />
      </aside>
    </div>
  );
}

function FreezeForm({ projectId, onFrozen }: { projectId: string; onFrozen: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [frozen, setFrozen] = useState<DatasetVersionDto | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFrozen(null);
    try {
      const text = description.trim();
      setFrozen(await api.createDatasetVersion(projectId, { name: name.trim(), ...(text ? { description: text } : {}) }));
      setName('');
      setDescription('');
      onFrozen();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form freeze-form" onSubmit={(e) => void submit(e)} data-testid="dataset-freeze-form">
      <h2 className="panel-title">{t('datasets.freezeTitle')}</h2>
      <label className="form-row">
        <span>{t('datasets.name')}</span>
        <input required maxLength={200} value={name} placeholder={t('datasets.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="dataset-name" />
      </label>
      <label className="form-row">
        <span>{t('datasets.description')}</span>
        <textarea rows={2} maxLength={10_000} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="dataset-description" />
      </label>
      <div className="row-gap">
        <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ''} data-testid="dataset-freeze">
          {busy ? t('datasets.freezing') : t('datasets.freeze')}
        </button>
        {frozen ? (
          <span className="ok-text" data-testid="dataset-frozen">
            {t('datasets.frozen', { version: frozen.version, count: frozen.itemCount })}
          </span>
        ) : null}
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}

function VersionTable(props: { versions: DatasetVersionDto[] } & Omit<DatasetVersionRowProps, 'version'>) {
  const { t } = useI18n();
  const { versions, ...rowProps } = props;
  return (
    <table className="data-table" data-testid="dataset-versions">
      <thead>
        <tr>
          <th className="col-version">{t('datasets.colVersion')}</th>
          <th>{t('datasets.colName')}</th>
          <th className="col-num">{t('datasets.colItems')}</th>
          <th>{t('datasets.colRoot')}</th>
          <th className="col-date">{t('datasets.colCreated')}</th>
          <th>{t('datasets.colLog')}</th>
          <th>{t('datasets.colInspection')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {versions.length === 0 ? (
          <tr>
            <td colSpan={VERSION_COLUMNS} className="empty-cell" data-testid="dataset-versions-empty">
              {t('datasets.empty')}
            </td>
          </tr>
        ) : null}
        {versions.map((v) => (
          <DatasetVersionRow key={v.id} version={v} {...rowProps} />
        ))}
      </tbody>
    </table>
  );
}
