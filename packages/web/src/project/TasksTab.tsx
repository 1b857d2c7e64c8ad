import { useCallback, useState, type FormEvent } from 'react';
import { can, type TaskRowDto, type TaskStatus } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { currentCursor, firstPage, hasPrevious, nextPage, pageNumber, previousPage, type CursorStack } from '../tasks/cursor-stack.ts';
import { RecentSubmissions, useRecentSubmissions } from '../workbench/RecentSubmissions.tsx';
import { TaskDetail } from './TaskDetail.tsx';
import { excerpt } from './task-excerpt.ts';

const PAGE_SIZE = 50;
export function TasksTab({ projectId }: { projectId: string }) {
  const { org } = useSession();
  // Annotators may not browse tasks (no task.read): offer what they submitted in this session instead.
  if (org && !can(org.role, 'task.read')) return <NoTaskTable projectId={projectId} />;
  return <TaskTable projectId={projectId} />;
}

function NoTaskTable({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const { recent } = useRecentSubmissions();
  return (
    <div className="tasks-tab" data-testid="tasks-no-access">
      <div className="empty">{t('tasks.noTaskRead')}</div>
      <RecentSubmissions projectId={projectId} recent={recent} />
    </div>
  );
}

function TaskTable({ projectId }: { projectId: string }) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const [status, setStatus] = useState<TaskStatus | ''>('');
  const [annotatorInput, setAnnotatorInput] = useState('');
  const [annotator, setAnnotator] = useState('');
  const [cursors, setCursors] = useState<CursorStack>(firstPage);
  const [open, setOpen] = useState<string | null>(null);
  const after = currentCursor(cursors);

  const load = useCallback(
    () => api.listTasks(projectId, { limit: PAGE_SIZE, after: after ?? undefined, status: status || undefined, annotator: annotator || undefined }),
    [api, projectId, after, status, annotator],
  );
  const { data, error, loading } = useLoad(load);

  const applyAnnotator = (event: FormEvent) => {
    event.preventDefault();
    setAnnotator(annotatorInput.trim());
    setCursors(firstPage());
  };

  return (
    <div className="tasks-tab">
      <form className="filters" onSubmit={applyAnnotator}>
        <label className="inline-field">
          <span>{t('tasks.status')}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as TaskStatus | '');
              setCursors(firstPage());
            }}
            data-testid="tasks-status"
          >
            <option value="">{t('tasks.statusAll')}</option>
            <option value="open">{t('status.open')}</option>
            <option value="in_progress">{t('status.in_progress')}</option>
            <option value="completed">{t('status.completed')}</option>
          </select>
        </label>
        <label className="inline-field">
          <span>{t('tasks.annotator')}</span>
          <input value={annotatorInput} placeholder={t('tasks.annotatorPlaceholder')} onChange={(e) => setAnnotatorInput(e.target.value)} data-testid="tasks-annotator" />
        </label>
        <button type="submit" className="btn btn-small">
          {t('tasks.filter')}
        </button>
        {annotator || status ? (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => {
              setStatus('');
              setAnnotator('');
              setAnnotatorInput('');
              setCursors(firstPage());
            }}
          >
            {t('tasks.clear')}
          </button>
        ) : null}
        <span className="push-right muted small">{loading ? t('common.loading') : t('tasks.page', { page: pageNumber(cursors) })}</span>
      </form>
      <ErrorMessage error={error} />
      {!data && loading ? <Spinner /> : null}
      {data ? (
        <table className="data-table" data-testid="tasks-table">
          <thead>
            <tr>
              <th className="col-id">{t('tasks.colId')}</th>
              <th>{t('tasks.colText')}</th>
              <th className="col-status">{t('tasks.colStatus')}</th>
              <th className="col-num">{t('tasks.colAnnotations')}</th>
              <th>{t('tasks.colAnnotators')}</th>
              <th className="col-date">{t('tasks.colCreated')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty-cell">
                  {t('tasks.empty')}
                </td>
              </tr>
            ) : null}
            {data.items.map((row) => (
              <TaskRow key={row.id} row={row} locale={locale} open={open === row.id} onToggle={() => setOpen(open === row.id ? null : row.id)} />
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="pager">
        <button type="button" className="btn btn-small" disabled={!hasPrevious(cursors) || loading} onClick={() => setCursors(previousPage(cursors))} data-testid="tasks-prev">
          ← {t('tasks.prev')}
        </button>
        <button type="button" className="btn btn-small" disabled={!data?.nextCursor || loading} onClick={() => setCursors(nextPage(cursors, data?.nextCursor ?? null))} data-testid="tasks-next">
          {t('tasks.next')} →
        </button>
      </div>
    </div>
  );
}

function TaskRow({ row, locale, open, onToggle }: { row: TaskRowDto; locale: string; open: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <tr className={open ? 'row-open clickable' : 'clickable'} onClick={onToggle} data-testid="task-row">
        <td className="col-id mono">{row.id}</td>
        <td className="cell-text">{excerpt(row.data)}</td>
        <td>
          <span className={`status status-${row.status}`}>{t(`status.${row.status}`)}</span>
        </td>
        <td className="col-num">
          {row.annotationCount}
          {row.activeAssignments > 0 ? <span className="muted small"> (+{row.activeAssignments})</span> : null}
        </td>
        <td className="small">{row.annotators.join(', ')}</td>
        <td className="col-date muted small">{new Date(row.createdAt).toLocaleString(locale)}</td>
      </tr>
      {open ? (
        <tr className="row-detail">
          <td colSpan={6}>
            <TaskDetail taskId={row.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
