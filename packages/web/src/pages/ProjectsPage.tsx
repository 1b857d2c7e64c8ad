import { useCallback } from 'react';
import type { ProjectDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';

export function ProjectsPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.listProjects(), [api]);
  const { data, error, loading } = useLoad(load);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('projects.title')}</h1>
        <Link to="/projects/new" className="btn btn-primary" data-testid="project-new">
          {t('projects.new')}
        </Link>
      </div>
      <ErrorMessage error={error} />
      {loading && !data ? <Spinner /> : null}
      {data && data.length === 0 ? <div className="empty">{t('projects.empty')}</div> : null}
      {data && data.length > 0 ? (
        <div className="card-grid">
          {data.map((p) => (
            <ProjectCard key={p.id} project={p} locale={locale} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function ProjectCard({ project, locale }: { project: ProjectDto; locale: string }) {
  const { t } = useI18n();
  const { tasks, completed, annotations } = project.stats;
  return (
    <Link to={`/projects/${project.id}`} className="card project-card" data-testid="project-card" data-name={project.name}>
      <div className="project-card-head">
        <h2>{project.name}</h2>
        <span className="muted small">{new Date(project.updatedAt).toLocaleDateString(locale)}</span>
      </div>
      {project.description ? <p className="project-desc">{project.description}</p> : <p className="project-desc muted">{t('projects.noDescription')}</p>}
      <ProgressBar value={completed} total={tasks} />
      <dl className="stats-inline">
        <div>
          <dt>{t('stats.tasks')}</dt>
          <dd>{tasks}</dd>
        </div>
        <div>
          <dt>{t('stats.completed')}</dt>
          <dd>{completed}</dd>
        </div>
        <div>
          <dt>{t('stats.annotations')}</dt>
          <dd>{annotations}</dd>
        </div>
        <div>
          <dt>{t('stats.overlap')}</dt>
          <dd>{project.overlap}</dd>
        </div>
      </dl>
    </Link>
  );
}
