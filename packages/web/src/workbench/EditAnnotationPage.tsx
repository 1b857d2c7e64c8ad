import { useCallback, useEffect, useEffectEvent, useReducer, useRef, useState } from 'react';
import { can, type AnnotationResult, type ProjectDto, type ValidationIssue } from '@yungang/core';
import { ApiError } from '../api/api-error.ts';
import type { ApiClient } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { useT } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { ReturnedNotice } from '../quality/ReturnedWork.tsx';
import { useSession } from '../session/session.tsx';
import { canEditAnnotation, sameResult, versionConflict, type VersionConflict } from './annotation-edit.ts';
import { annotationReducer, initialHistory, resultFromJson } from './annotation-state.ts';
import { AnnotationEditor } from './AnnotationEditor.tsx';
import { useRecentSubmissions } from './RecentSubmissions.tsx';
import { resultIssues, submittableResult } from './result-check.ts';
import { ResultIssues } from './ResultIssues.tsx';
import { ResultSummaryView } from './ResultSummaryView.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';

/** What the editor starts from: the task's data and the annotation's latest version. */
interface Loaded {
  project: ProjectDto;
  data: Record<string, unknown>;
  annotation: { id: string; userId: string; userEmail: string | null; version: number; result: AnnotationResult; returned: boolean };
}

class AnnotationMissing extends Error {
  constructor() {
    super('annotation not in task');
    this.name = 'AnnotationMissing';
  }
}

/**
 * Loads the task and the annotation from GET /tasks/{id}. Roles that read tasks see every annotation;
 * an annotator sees a task they worked on with their own annotation only, which is all they may edit.
 */
async function loadForEdit(api: ApiClient, ids: { projectId: string; taskId: string; annotationId: string }): Promise<Loaded> {
  const project = await api.getProject(ids.projectId);
  const task = await api.getTask(ids.taskId);
  const a = task.annotations.find((x) => x.id === ids.annotationId);
  if (!a || task.projectId !== project.id) throw new AnnotationMissing();
  const annotation = { id: a.id, userId: a.userId, userEmail: a.userEmail, version: a.version, result: resultFromJson(a.result), returned: a.reviewStatus === 'rejected' };
  return { project, data: task.data, annotation };
}

type SaveState = { kind: 'idle' } | { kind: 'saved'; version: number } | { kind: 'conflict'; conflict: VersionConflict } | { kind: 'error'; error: unknown };

/**
 * Edits a submitted annotation with the workbench's editor: starts from its latest version, saves a new
 * version on top of it (PUT with baseVersion), and on a stale base says so and overwrites nothing.
 */
export function EditAnnotationPage({ projectId, taskId, annotationId }: { projectId: string; taskId: string; annotationId: string }) {
  const t = useT();
  const { api, me, org } = useSession();
  const userId = me?.user.id ?? null;
  const role = org?.role ?? null;
  const mayReadTasks = role !== null && can(role, 'task.read');
  const { remember } = useRecentSubmissions();

  const load = useCallback(() => loadForEdit(api, { projectId, taskId, annotationId }), [api, projectId, taskId, annotationId]);
  const loaded = useLoad(load);
  const [history, dispatch] = useReducer(annotationReducer, undefined, () => initialHistory());
  /** The version the editor's content is based on: what the next save sends as baseVersion. */
  const [base, setBase] = useState<{ version: number; result: AnnotationResult } | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const shownAt = useRef(0);

  // Each load (the first, and a reload after a conflict) starts the editor afresh from the latest version.
  const fresh = loaded.data;
  useEffect(() => {
    if (!fresh) return;
    dispatch({ type: 'reset', result: fresh.annotation.result });
    setBase({ version: fresh.annotation.version, result: fresh.annotation.result });
    setIssues([]);
    shownAt.current = performance.now();
  }, [fresh]);

  const check = fresh ? checkLabelConfig(fresh.project.labelConfig) : null;
  const config = check?.ok ? check.config : null;
  const allowed = fresh ? canEditAnnotation(role, userId, fresh.annotation) : false;
  const changed = base !== null && !sameResult(base.result, history.present);
  const inConflict = save.kind === 'conflict';
  const backTo = mayReadTasks ? `/projects/${projectId}/tasks` : `/projects/${projectId}/annotate`;

  const submit = async () => {
    if (!fresh || !config || !base || busy || !allowed || inConflict) return;
    const result = submittableResult(history.present);
    const found = resultIssues(config, fresh.data, result, (name) => t('workbench.required', { name }));
    setIssues(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const saved = await api.updateAnnotation(annotationId, {
        result,
        leadTimeMs: Math.max(0, Math.round(performance.now() - shownAt.current)),
        baseVersion: base.version,
      });
      setBase({ version: saved.version, result: resultFromJson(saved.result) });
      setSave({ kind: 'saved', version: saved.version });
      shownAt.current = performance.now();
      if (userId && saved.userId === userId) remember({ projectId, taskId, annotationId, version: saved.version, savedAt: saved.updatedAt });
    } catch (error) {
      const conflict = versionConflict(error, base.version);
      setSave(conflict ? { kind: 'conflict', conflict } : { kind: 'error', error });
    } finally {
      setBusy(false);
    }
  };

  const reload = () => {
    setSave({ kind: 'idle' });
    loaded.reload();
  };

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      void submit();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const loadError = loaded.error;
  return (
    <div className="workbench edit-annotation" data-testid="edit-annotation">
      <div className="workbench-head">
        <div className="workbench-title">
          <Link to={`/projects/${projectId}`} className="muted">
            {fresh?.project.name ?? t('common.loading')}
          </Link>
          <span className="sep">/</span>
          <strong>{t('workbench.taskTitle', { id: taskId })}</strong>
          <span className="sep">/</span>
          <span>{t('edit.title')}</span>
          {base ? (
            <span className="badge" data-testid="edit-base-version" data-version={base.version}>
              {t('edit.basedOn', { version: base.version })}
            </span>
          ) : null}
        </div>
        <div className="workbench-meta muted small">{fresh?.annotation.userEmail ? <span>{t('edit.annotator', { email: fresh.annotation.userEmail })}</span> : null}</div>
        <div className="workbench-actions">
          <Link to={backTo} className="btn" data-testid="edit-back">
            {mayReadTasks ? t('edit.backToTasks') : t('edit.backToWorkbench')}
          </Link>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void submit()}
            disabled={!config || !base || busy || !allowed || inConflict || !changed}
            title={changed ? 'Ctrl+Enter' : t('edit.unchanged')}
            data-testid="edit-save"
          >
            {busy ? t('edit.saving') : t('edit.save')} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </div>
      {loadError instanceof ApiError && loadError.code === 'forbidden' ? (
        <div className="alert alert-warn" role="alert" data-testid="edit-no-access">
          {t('edit.noTaskAccess')}
        </div>
      ) : loadError instanceof AnnotationMissing || (loadError instanceof ApiError && loadError.code === 'not_found') ? (
        <div className="alert alert-error" role="alert">
          {t('edit.notFound')}
        </div>
      ) : (
        <ErrorMessage error={loadError} />
      )}
      {check && !check.ok ? <div className="alert alert-error">{t('workbench.badConfig')}</div> : null}
      {fresh && !allowed ? (
        <div className="alert alert-warn" role="alert" data-testid="edit-read-only">
          {t('edit.readOnly')}
        </div>
      ) : null}
      {fresh?.annotation.returned && fresh.annotation.userId === userId && save.kind !== 'saved' ? <ReturnedNotice projectId={projectId} annotationId={annotationId} /> : null}
      {save.kind === 'saved' && !changed ? (
        <div className="alert alert-ok" role="status" data-testid="edit-saved" data-version={save.version}>
          <strong>{t('edit.saved', { version: save.version })}</strong>
          <Link to={backTo} className="btn btn-small">
            {mayReadTasks ? t('edit.backToTasks') : t('edit.backToWorkbench')}
          </Link>
        </div>
      ) : null}
      {save.kind === 'conflict' ? (
        <div className="alert alert-error conflict" role="alert" data-testid="edit-conflict" data-current-version={save.conflict.currentVersion}>
          <strong>{t('edit.conflictTitle')}</strong>
          <div>{t('edit.conflictBody', { current: save.conflict.currentVersion, base: save.conflict.baseVersion })}</div>
          <div>{t('edit.conflictReloadHint')}</div>
          <div className="conflict-mine">
            <span className="small">{t('edit.yourChanges')}</span>
            <ResultSummaryView result={history.present} testId="conflict-mine" />
          </div>
          <div className="row-gap">
            <button type="button" className="btn btn-small" onClick={reload} data-testid="edit-reload">
              {t('edit.reload', { version: save.conflict.currentVersion })}
            </button>
          </div>
        </div>
      ) : null}
      {save.kind === 'error' ? <ErrorMessage error={save.error} /> : null}
      <ResultIssues issues={issues} />
      {loaded.loading && !fresh ? <Spinner /> : null}
      {fresh && config ? (
        <AnnotationEditor config={config} data={fresh.data} history={history} dispatch={dispatch} hotkeyScope="window" />
      ) : null}
      <ShortcutHelp mode="edit" />
    </div>
  );
}
