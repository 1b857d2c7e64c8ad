import { useCallback } from 'react';
import type { JobDto } from '@yungang/core';
import { jobsApi } from '../api/jobs-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { useLoad } from '../components/use-load.ts';
import { useReloadWhile } from '../components/use-reload-while.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { isLive, targetProjectOf } from './job-view.ts';

/** Job kinds with a name in the messages files; others show their kind as is. */
const KNOWN_KINDS = ['pipeline', 'pipeline-shard', 'augment', 'text-synthesis', 'speech-synthesis', 'document-intake', 'video-intake', 'video-full', 'export'] as const;
const isKnownKind = (kind: string): kind is (typeof KNOWN_KINDS)[number] => (KNOWN_KINDS as readonly string[]).includes(kind);

/** A project's background jobs with live progress (polled while any is queued or running), cancel, and where the output went. */
export function JobList({ projectId, refreshKey, canCancel }: { projectId: string; refreshKey: number; canCancel: boolean }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  // refreshKey changes when a job was just started here, so the list shows it at once.
  const load = useCallback(() => (void refreshKey, jobsApi.list(api, projectId)), [api, projectId, refreshKey]);
  const { data, error, reload } = useLoad(load);
  useReloadWhile(data?.some(isLive) ?? false, reload, data, 1000, 3600);

  const cancel = async (job: JobDto) => {
    await jobsApi.cancel(api, job.id);
    reload();
  };

  return (
    <section className="panel" data-testid="job-list">
      <h2 className="panel-title">{t('jobs.title')}</h2>
      <ErrorMessage error={error} />
      {data && data.length === 0 ? <p className="muted">{t('jobs.none')}</p> : null}
      {data && data.length > 0 ? (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('jobs.kind')}</th>
              <th>{t('jobs.status')}</th>
              <th>{t('jobs.progress')}</th>
              <th>{t('jobs.started')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.map((job) => {
              const target = targetProjectOf(job);
              return (
                <tr key={job.id} data-testid="job-row" data-status={job.status} data-kind={job.kind}>
                  <td>{t(`jobs.kind.${isKnownKind(job.kind) ? job.kind : 'other'}`, { kind: job.kind })}</td>
                  <td>
                    <span className={`badge badge-${job.status}`}>{t(`jobs.status.${job.status}`)}</span>
                    {job.attempts > 1 ? <span className="muted small"> {t('jobs.resumed', { n: job.attempts - 1 })}</span> : null}
                    {job.error ? <div className="small job-error">{job.error}</div> : null}
                  </td>
                  <td>
                    <ProgressBar value={job.done} total={job.total ?? 0} />
                    <span className="muted small" data-testid="job-count">
                      {job.done.toLocaleString()} / {job.total === null ? '?' : job.total.toLocaleString()}
                    </span>
                  </td>
                  <td className="small">{new Date(job.createdAt).toLocaleString()}</td>
                  <td>
                    {target ? (
                      <Link to={`/projects/${target}/tasks`} data-testid="job-output">
                        {t('jobs.openOutput')}
                      </Link>
                    ) : null}
                    {job.kind === 'export' && job.status === 'succeeded' ? (
                      <a className="btn btn-small" href={jobsApi.exportFileUrl(api, job.id, org?.id)} data-testid="job-download">
                        {t('jobs.download')}
                      </a>
                    ) : null}
                    {canCancel && isLive(job) && !job.cancelRequested ? (
                      <button type="button" className="btn btn-small" onClick={() => void cancel(job)}>
                        {t('common.cancel')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
