import { useMemo, useState } from 'react';
import type { LabelConfig, ProjectDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { cloneConfig, LabelConfigEditor } from '../config-editor/LabelConfigEditor.tsx';
import { useT } from '../i18n/i18n.tsx';
import { QualitySettings } from '../quality/QualitySettings.tsx';
import { useApi } from '../session/session.tsx';
import { ProjectFields } from './ProjectFields.tsx';
import { clampOverlap, leaseSeconds, type ProjectFormValues } from './project-form.ts';

export function SettingsTab({ project, onSaved }: { project: ProjectDto; onSaved: () => void }) {
  const t = useT();
  const api = useApi();
  const initialCheck = useMemo(() => checkLabelConfig(project.labelConfig), [project.labelConfig]);
  const [values, setValues] = useState<ProjectFormValues>({
    name: project.name,
    description: project.description,
    overlap: project.overlap,
    leaseMinutes: Math.round(project.leaseSeconds / 60),
  });
  const [config, setConfig] = useState<LabelConfig>(() =>
    initialCheck.ok ? cloneConfig(initialCheck.config) : { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [] },
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const valid = useMemo(() => checkLabelConfig(config).ok, [config]);

  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api.updateProject(project.id, {
        name: values.name.trim(),
        description: values.description.trim(),
        overlap: clampOverlap(values.overlap),
        leaseSeconds: leaseSeconds(values.leaseMinutes),
        labelConfig: config,
      });
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="settings-tab">
      <section className="panel">
        <ProjectFields values={values} onChange={setValues} />
      </section>
      <section className="panel">
        <h2 className="panel-title">{t('config.title2')}</h2>
        {project.stats.annotations > 0 ? <div className="alert alert-warn">{t('settings.configWarning', { count: project.stats.annotations })}</div> : null}
        <LabelConfigEditor value={config} onChange={setConfig} />
      </section>
      <QualitySettings project={project} onSaved={onSaved} />
      <div className="sticky-actions">
        <ErrorMessage error={error} />
        {saved ? <span className="ok-text">{t('settings.saved')}</span> : null}
        <button type="button" className="btn btn-primary" disabled={busy || !valid || values.name.trim() === ''} onClick={() => void save()} data-testid="settings-save">
          {t('common.save')}
        </button>
      </div>
    </div>
  );
}
