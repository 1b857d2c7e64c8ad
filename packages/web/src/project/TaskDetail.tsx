import { useCallback } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

/** A task's data and every annotation of it (GET /tasks/{id}). */
export function TaskDetail({ taskId }: { taskId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.getTask(taskId), [api, taskId]);
  const { data, error } = useLoad(load);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Spinner />;
  return (
    <div className="task-detail">
      <div>
        <h4>{t('tasks.data')}</h4>
        <pre>{JSON.stringify(data.data, null, 2)}</pre>
      </div>
      <div>
        <h4>{t('tasks.annotationsOf', { count: data.annotations.length })}</h4>
        {data.annotations.map((a) => (
          <div key={a.id} className="annotation-summary">
            <div className="small">
              <strong>{a.userEmail}</strong> · v{a.version} · {new Date(a.updatedAt).toLocaleString(locale)} · {t('tasks.leadTime', { seconds: Math.round(a.leadTimeMs / 1000) })}
            </div>
            <pre>{JSON.stringify(a.result, null, 2)}</pre>
          </div>
        ))}
      </div>
    </div>
  );
}
