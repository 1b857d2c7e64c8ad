import { useCallback, useEffect, useRef } from 'react';
import { jobsApi } from '../api/jobs-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { useLoad } from '../components/use-load.ts';
import { useReloadWhile } from '../components/use-reload-while.ts';
import { useT } from '../i18n/i18n.tsx';
import { isLive } from '../pipelines/job-view.ts';
import { useSession } from '../session/session.tsx';

/**
 * An uploaded PDF's `document-intake` job (docs/documents.md) or a video's `video-intake` job (docs/media.md),
 * as the result and detail cells of its row: pages read or frames converted so far as a bar, polled every
 * second until the job ends; then the page or frame count, or why the file was not taken. `onDone` runs once
 * when the job succeeds, so the project's task count catches up.
 */
export function DocumentJobProgress({ jobId, onDone }: { jobId: string; onDone: () => void }) {
  const t = useT();
  const { api } = useSession();
  const load = useCallback(() => jobsApi.get(api, jobId), [api, jobId]);
  const { data: job, error, reload } = useLoad(load);
  useReloadWhile(job ? isLive(job) : true, reload, job ?? error, 1000, 3600);
  const told = useRef(false);
  useEffect(() => {
    if (job?.status === 'succeeded' && !told.current) {
      told.current = true;
      onDone();
    }
  }, [job, onDone]);

  if (!job) {
    return (
      <>
        <td>{t('media.status.processing')}</td>
        <td>
          <ErrorMessage error={error} />
        </td>
      </>
    );
  }
  const result = job.result as { status?: string; pages?: number; frames?: number; reason?: string } | null;
  const video = job.kind === 'video-intake';
  // The job's own answer: stored, or a duplicate of an upload that finished first; failed or cancelled: not taken.
  const status = job.status === 'succeeded' ? (result?.status === 'duplicate' ? 'duplicate' : 'stored') : isLive(job) ? 'processing' : 'rejected';
  return (
    <>
      <td>{t(`media.status.${status}`)}</td>
      <td className="document-job" data-testid="document-job" data-job-status={job.status}>
        {isLive(job) ? (
          <>
            <ProgressBar value={job.done} total={job.total ?? 0} />
            <span className="muted small">{job.total === null ? t('media.job.queued') : t(video ? 'media.job.frames' : 'media.job.pages', { done: job.done, total: job.total })}</span>
          </>
        ) : job.status === 'succeeded' ? (
          (result?.reason ?? (video ? t('media.job.doneFrames', { frames: result?.frames ?? job.done }) : t('media.job.done', { pages: result?.pages ?? job.done })))
        ) : (
          <span className="field-error">{job.error ?? t('media.job.cancelled')}</span>
        )}
      </td>
    </>
  );
}
