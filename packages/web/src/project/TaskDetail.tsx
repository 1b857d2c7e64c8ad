import { imageFields, readableData } from './task-excerpt.ts';
import { useCallback, useState } from 'react';
import { can, type AnnotationDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { HistoryTimeline } from '../provenance/HistoryTimeline.tsx';
import { GoldBar, UseAsGoldButton, useGold, type GoldState } from '../quality/GoldControls.tsx';
import { Link } from '../router/router.tsx';
import { useApi, useSession } from '../session/session.tsx';
import { canEditAnnotation, editAnnotationPath } from '../workbench/annotation-edit.ts';
import { resultFromJson } from '../workbench/annotation-state.ts';
import { ResultSummaryView } from '../workbench/ResultSummaryView.tsx';

/** A task's data and every annotation of it (GET /tasks/{id}), each with its version history and an edit link. */
export function TaskDetail({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  const api = useApi();
  const { org } = useSession();
  const load = useCallback(() => api.getTask(taskId), [api, taskId]);
  const { data, error } = useLoad(load);
  const gold = useGold(api, taskId);
  // Gold answers are part of the project's setup: managers and above (the server has the last word).
  const mayGold = org ? can(org.role, 'project.write') : false;
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Spinner />;
  return (
    <div className="task-detail" data-testid="task-detail">
      <div>
        <h4>{t('tasks.data')}</h4>
        {imageFields(data.data).map((img) => (
          <figure key={img.field} className="task-image" data-testid="task-image">
            <img src={img.src} alt={img.field} loading="lazy" />
            <figcaption className="muted small">{img.field}</figcaption>
          </figure>
        ))}
        <pre>{JSON.stringify(readableData(data.data), null, 2)}</pre>
      </div>
      <div>
        <h4>{t('tasks.annotationsOf', { count: data.annotations.length })}</h4>
        {mayGold ? <GoldBar gold={gold} /> : null}
        {data.annotations.map((a) => (
          <AnnotationSummary key={a.id} projectId={data.projectId} annotation={a} gold={mayGold ? gold : null} />
        ))}
      </div>
      <section className="task-history" data-testid="task-history">
        <h4>{t('history.title')}</h4>
        <p className="muted small">{t('history.taskIntro')}</p>
        <HistoryTimeline subject="task" id={taskId} />
      </section>
    </div>
  );
}

function AnnotationSummary({ projectId, annotation: a, gold }: { projectId: string; annotation: AnnotationDto; gold: GoldState | null }) {
  const { t, locale } = useI18n();
  const { me, org } = useSession();
  const [showHistory, setShowHistory] = useState(false);
  const editable = canEditAnnotation(org?.role, me?.user.id, a);
  return (
    <div className="annotation-summary" data-testid="annotation-summary" data-annotation-id={a.id} data-version={a.version}>
      <div className="annotation-summary-head small">
        <span className="badge" title={t('tasks.versionTitle', { version: a.version })}>
          v{a.version}
        </span>
        <strong>{a.userEmail}</strong>
        {a.reviewStatus && a.reviewStatus !== 'none' ? (
          <span className={`badge tone-${a.reviewStatus === 'accepted' ? 'ok' : a.reviewStatus === 'rejected' ? 'bad' : 'pending'}`} data-testid="annotation-review-status" data-status={a.reviewStatus}>
            {t(`review.status.${a.reviewStatus}`)}
          </span>
        ) : null}
        <span className="muted">{t('tasks.updatedAt', { time: new Date(a.updatedAt).toLocaleString(locale) })}</span>
        <span className="muted">{t('tasks.leadTime', { seconds: Math.round(a.leadTimeMs / 1000) })}</span>
        <span className="push-right row-gap">
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setShowHistory((s) => !s)} aria-expanded={showHistory} data-testid="annotation-history-toggle">
            {showHistory ? t('tasks.hideHistory') : t('tasks.history')}
          </button>
          {gold ? <UseAsGoldButton gold={gold} annotation={a} /> : null}
          {editable ? (
            <Link to={editAnnotationPath(projectId, a.taskId, a.id)} className="btn btn-small" data-testid="annotation-edit">
              {t('tasks.edit')}
            </Link>
          ) : null}
        </span>
      </div>
      <ResultSummaryView result={resultFromJson(a.result)} testId="annotation-result" />
      <details className="annotation-json">
        <summary className="muted small">JSON</summary>
        <pre>{JSON.stringify(a.result, null, 2)}</pre>
      </details>
      {showHistory ? <VersionHistory annotation={a} /> : null}
    </div>
  );
}

/** Every version of an annotation, newest first: who saved it, when, how long it took, and what it said. */
function VersionHistory({ annotation }: { annotation: AnnotationDto }) {
  const { t, locale } = useI18n();
  const { api, me, org } = useSession();
  const orgId = org?.id ?? null;
  const load = useCallback(async () => {
    const versions = await api.annotationVersions(annotation.id);
    // Versions name their author by user id: the annotator and I are known; others come from the member list.
    const names = new Map<string, string>([[annotation.userId, annotation.userEmail]]);
    if (me) names.set(me.user.id, me.user.email);
    if (orgId && versions.some((v) => !names.has(v.createdBy))) {
      const members = await api.listMembers(orgId).catch(() => []);
      for (const m of members) names.set(m.user.id, m.user.email);
    }
    return { versions: [...versions].sort((x, y) => y.version - x.version), names };
  }, [api, annotation.id, annotation.userId, annotation.userEmail, me, orgId]);
  const { data, error } = useLoad(load);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Spinner />;
  return (
    <ol className="version-history" data-testid="version-history">
      {data.versions.map((v) => (
        <li key={v.version} data-testid="version-item" data-version={v.version}>
          <div className="small">
            <span className="badge">v{v.version}</span> <strong>{data.names.get(v.createdBy) ?? t('tasks.unknownUser', { id: v.createdBy.slice(0, 8) })}</strong>{' '}
            <span className="muted">
              · {new Date(v.createdAt).toLocaleString(locale)} · {t('tasks.leadTime', { seconds: Math.round(v.leadTimeMs / 1000) })}
            </span>
          </div>
          <ResultSummaryView result={resultFromJson(v.result)} />
        </li>
      ))}
    </ol>
  );
}
