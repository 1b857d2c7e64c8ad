import { useCallback } from 'react';
import { ApiError } from '../api/api-error.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { excerpt } from '../project/task-excerpt.ts';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { editAnnotationPath } from '../workbench/annotation-edit.ts';

/**
 * "Returned to me": the caller's submissions a reviewer rejected, each with the comment, the reviewer and a
 * link to fix it in the editor. A fixed one goes back to review and drops off this list. Shows nothing when empty.
 */
export function ReturnedWork({ projectId }: { projectId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.returnedWork(projectId), [api, projectId]);
  const { data, error } = useLoad(load);
  if (error && !(error instanceof ApiError && error.code === 'forbidden')) return <ErrorMessage error={error} />;
  if (!data || data.length === 0) return null;
  return (
    <section className="panel returned-work" data-testid="returned-work">
      <h2 className="panel-title">
        {t('returned.title')} <span className="count">{data.length}</span>
      </h2>
      <p className="muted small">{t('returned.hint')}</p>
      <ul>
        {data.map((r) => (
          <li key={r.annotation.id} data-testid="returned-item" data-task-id={r.task.id} data-annotation-id={r.annotation.id}>
            <div className="returned-main">
              <div>
                <strong>{t('returned.item', { id: r.task.id, version: r.annotation.version })}</strong> <span className="muted">{excerpt(r.task.data)}</span>
              </div>
              <blockquote className="review-comment" data-testid="returned-comment">
                {r.comment}
              </blockquote>
              <div className="muted small" data-testid="returned-by">
                {t('returned.by', { email: r.reviewerEmail, time: new Date(r.rejectedAt).toLocaleString(locale) })}
              </div>
            </div>
            <Link to={editAnnotationPath(projectId, r.task.id, r.annotation.id)} className="btn btn-small btn-primary" data-testid="returned-fix">
              {t('returned.fix')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** On the edit page of a rejected annotation: what the reviewer said, so the fix is made with it in view. */
export function ReturnedNotice({ projectId, annotationId }: { projectId: string; annotationId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.returnedWork(projectId), [api, projectId]);
  const { data } = useLoad(load);
  const returned = data?.find((r) => r.annotation.id === annotationId);
  if (!returned) return null;
  return (
    <div className="alert alert-warn returned-notice" role="status" data-testid="returned-notice">
      <strong>{t('returned.editNotice')}</strong>
      <blockquote className="review-comment">{returned.comment}</blockquote>
      <span className="muted small">{t('returned.by', { email: returned.reviewerEmail, time: new Date(returned.rejectedAt).toLocaleString(locale) })}</span>
    </div>
  );
}
