import { useMemo, useState } from 'react';
import { chineseNerTemplate, type LabelConfig } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { cloneConfig, LabelConfigEditor } from '../config-editor/LabelConfigEditor.tsx';
import { useT } from '../i18n/i18n.tsx';
import { ProjectFields } from '../project/ProjectFields.tsx';
import { clampOverlap, leaseSeconds, type ProjectFormValues } from '../project/project-form.ts';
import { Link, navigate } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';

export function NewProjectPage() {
  const t = useT();
  const api = useApi();
  const [values, setValues] = useState<ProjectFormValues>({ name: '', description: '', overlap: 1, leaseMinutes: 30 });
  const [config, setConfig] = useState<LabelConfig>(() => cloneConfig(chineseNerTemplate));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const valid = useMemo(() => checkLabelConfig(config).ok, [config]);

  const submit = async () => {
    if (!valid || values.name.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      const project = await api.createProject({
        name: values.name.trim(),
        description: values.description.trim(),
        labelConfig: config,
        overlap: clampOverlap(values.overlap),
        leaseSeconds: leaseSeconds(values.leaseMinutes),
      });
      navigate(`/projects/${project.id}/import`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to="/projects">{t('projects.title')}</Link> /
          </div>
          <h1>{t('projects.new')}</h1>
        </div>
        <div className="row-gap">
          <Link to="/projects" className="btn">
            {t('common.cancel')}
          </Link>
          <button type="button" onClick={() => void submit()} className="btn btn-primary" disabled={busy || !valid || values.name.trim() === ''} data-testid="project-save">
            {t('project.create')}
          </button>
        </div>
      </div>
      <ErrorMessage error={error} />
      <section className="panel">
        <ProjectFields values={values} onChange={setValues} />
      </section>
      <section className="panel">
        <h2 className="panel-title">{t('config.title2')}</h2>
        <LabelConfigEditor value={config} onChange={setConfig} templates initialTemplate="chinese-ner" />
      </section>
    </div>
  );
}
