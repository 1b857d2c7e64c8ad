import { useCallback, useEffect, useState } from 'react';
import type { CertificationDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../components/use-load.ts';
import { useT } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

/** Which certifications a project requires before it hands out work (annotation, review, adjudication). */
export function ProjectRequirements({ certifications }: { certifications: readonly CertificationDto[] }) {
  const t = useT();
  const api = useApi();
  const loadProjects = useCallback(() => api.listProjects(), [api]);
  const projects = useLoad(loadProjects);
  const [projectId, setProjectId] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!projectId) return;
    api.projectCertifications(projectId).then((r) => setChosen(r.items.map((c) => c.id)), setError);
  }, [api, projectId]);
  const save = async () => {
    setError(null);
    try {
      await api.setProjectCertifications(projectId, chosen);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="form" data-testid="project-requirements">
      <h3>{t('training.requirements')}</h3>
      <ErrorMessage error={error ?? projects.error} />
      <select
        value={projectId}
        onChange={(e) => {
          setProjectId(e.target.value);
          setSaved(false);
        }}
        data-testid="requirements-project"
      >
        <option value="">{t('training.pickProject')}</option>
        {(projects.data ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {projectId
        ? certifications.map((c) => (
            <label key={c.id} className="inline-check">
              <input
                type="checkbox"
                checked={chosen.includes(c.id)}
                onChange={(e) => {
                  setSaved(false);
                  setChosen(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id));
                }}
              />
              {c.name}
            </label>
          ))
        : null}
      {projectId ? (
        <button type="button" className="btn btn-primary" onClick={() => void save()} data-testid="requirements-save">
          {t('common.save')}
        </button>
      ) : null}
      {saved ? <span className="ok-text">{t('training.saved')}</span> : null}
    </div>
  );
}
