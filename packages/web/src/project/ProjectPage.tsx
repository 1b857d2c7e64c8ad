import { useCallback } from 'react';
import { can, type ProjectDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useT } from '../i18n/i18n.tsx';
import { QualityTab } from '../quality/QualityTab.tsx';
import { ReturnedWork } from '../quality/ReturnedWork.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { DatasetsTab } from './DatasetsTab.tsx';
import { ExportTab } from './ExportTab.tsx';
import { HistoryTab } from './HistoryTab.tsx';
import { ImportTab } from './ImportTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import { TasksTab } from './TasksTab.tsx';
import { PipelineTab } from '../pipelines/PipelineTab.tsx';
import { ModelsTab } from '../models/ModelsTab.tsx';
import { OutsourceTab } from '../work-packages/OutsourceTab.tsx';

export const PROJECT_TABS = ['tasks', 'import', 'pipeline', 'export', 'datasets', 'quality', 'models', 'outsource', 'history', 'settings'] as const;
export type ProjectTab = (typeof PROJECT_TABS)[number];

export function isProjectTab(value: string | undefined): value is ProjectTab {
  return (PROJECT_TABS as readonly string[]).includes(value ?? '');
}

/** One project: header with stats and "start annotating", and its tabs. */
export function ProjectPage({ projectId, tab }: { projectId: string; tab: ProjectTab }) {
  const t = useT();
  const { api, org } = useSession();
  // Reviewing and adjudicating need task.review; without a known role, show the buttons and let the server answer.
  const mayReview = org ? can(org.role, 'task.review') : true;
  // Scores and lots need task.read (annotators see their returned work instead).
  // Pipelines read every task (task.read); annotators have neither tab.
  const tabs = PROJECT_TABS.filter((name) => (name !== 'quality' && name !== 'pipeline' && name !== 'models') || !org || can(org.role, 'task.read')).filter(
    // Cutting work packages for vendors needs project.write (docs/work-packages.md).
    (name) => name !== 'outsource' || !org || can(org.role, 'project.write'),
  );
  const load = useCallback(() => api.getProject(projectId), [api, projectId]);
  const { data: project, error, reload } = useLoad(load);

  if (!project) {
    return (
      <div className="page">
        <ErrorMessage error={error} />
        {error ? null : <Spinner />}
      </div>
    );
  }
  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to="/projects">{t('projects.title')}</Link> /
          </div>
          <h1>{project.name}</h1>
          {project.description ? <p className="muted">{project.description}</p> : null}
        </div>
        <div className="row-gap project-actions">
          {mayReview ? (
            <>
              <Link to={`/projects/${project.id}/adjudicate`} className="btn btn-large" data-testid="adjudicate-start">
                {t('project.adjudicate')}
              </Link>
              <Link to={`/projects/${project.id}/review`} className="btn btn-large" data-testid="review-start">
                {t('project.review')}
              </Link>
            </>
          ) : null}
          <Link to={`/projects/${project.id}/annotate`} className="btn btn-primary btn-large" data-testid="annotate-start">
            {t('project.startAnnotating')}
          </Link>
        </div>
      </div>
      <ProjectStats project={project} />
      <ReturnedWork projectId={project.id} />
      <nav className="tabs" role="tablist">
        {tabs.map((name) => (
          <Link key={name} to={`/projects/${project.id}/${name}`} className={name === tab ? 'tab active' : 'tab'} role="tab" aria-selected={name === tab} data-testid={`tab-${name}`}>
            {t(`project.tab.${name}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-body">
        {tab === 'tasks' ? <TasksTab projectId={project.id} /> : null}
        {tab === 'import' ? <ImportTab projectId={project.id} hasImages={hasImageField(project)} hasAudio={hasAudioField(project)} hasVideo={hasVideoField(project)} hasDocuments={hasDocumentField(project)} onImported={reload} /> : null}
        {tab === 'pipeline' ? <PipelineTab project={project} /> : null}
        {tab === 'export' ? <ExportTab project={project} hasImages={hasImageField(project)} /> : null}
        {tab === 'datasets' ? <DatasetsTab project={project} /> : null}
        {tab === 'quality' ? <QualityTab project={project} /> : null}
        {tab === 'models' ? <ModelsTab project={project} /> : null}
        {tab === 'outsource' ? <OutsourceTab project={project} /> : null}
        {tab === 'history' ? <HistoryTab projectId={project.id} /> : null}
        {tab === 'settings' ? <SettingsTab project={project} onSaved={reload} /> : null}
      </div>
    </div>
  );
}

function ProjectStats({ project }: { project: ProjectDto }) {
  const t = useT();
  const { tasks, completed, annotations } = project.stats;
  const items: [string, string | number][] = [
    [t('stats.tasks'), tasks],
    [t('stats.completed'), completed],
    [t('stats.remaining'), Math.max(0, tasks - completed)],
    [t('stats.annotations'), annotations],
    [t('stats.overlap'), project.overlap],
    [t('stats.lease'), t('stats.minutes', { count: Math.round(project.leaseSeconds / 60) })],
  ];
  return (
    <div className="stats-bar">
      {items.map(([k, v]) => (
        <div className="stat" key={k}>
          <div className="stat-value">{v}</div>
          <div className="stat-label">{k}</div>
        </div>
      ))}
      <div className="stat stat-progress">
        <ProgressBar value={completed} total={tasks} />
        <div className="stat-label">{t('stats.progressLabel')}</div>
      </div>
    </div>
  );
}

/** Whether the project's label config has an image field (image upload and other tools' formats apply). */
function hasAudioField(project: ProjectDto): boolean {
  const check = checkLabelConfig(project.labelConfig);
  return check.ok && check.config.fields.some((f) => f.type === 'audio');
}

/** Whether the project has a video field (track formats: MOT, CVAT for video). */
function hasVideoField(project: ProjectDto): boolean {
  const check = checkLabelConfig(project.labelConfig);
  return check.ok && check.config.fields.some((f) => f.type === 'video');
}

/** Whether the project takes PDFs through the media upload (docs/documents.md). */
function hasDocumentField(project: ProjectDto): boolean {
  const check = checkLabelConfig(project.labelConfig);
  return check.ok && check.config.fields.some((f) => f.type === 'document');
}

function hasImageField(project: ProjectDto): boolean {
  const check = checkLabelConfig(project.labelConfig);
  return check.ok && check.config.fields.some((f) => f.type === 'image');
}
