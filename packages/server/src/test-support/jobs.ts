import type { JobDto, MediaFileResult, MediaIntakeResultDto } from '@yungang/core';
import type { ApiClient } from './api-client.js';

const finished = (job: JobDto) => job.status !== 'queued' && job.status !== 'running';

/** Polls a job until `until` holds (default: it has finished, however it ended); throws with the job after `ms`. */
export async function waitForJob(client: ApiClient, jobId: string, until: (job: JobDto) => boolean = finished, ms = 170_000): Promise<JobDto> {
  const end = Date.now() + ms;
  for (;;) {
    const job = await client.expect<JobDto>(200, 'GET', `/api/v1/jobs/${jobId}`);
    if (until(job)) return job;
    if (Date.now() > end) throw new Error(`job ${jobId} did not get there: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A media upload's answer once its jobs are done: files answered `processing` (PDFs, videos to re-encode) are
 * replaced by what their job answers, the file as stored; a job that did not succeed throws with its error.
 */
export async function settleIntake(client: ApiClient, intake: MediaIntakeResultDto): Promise<MediaIntakeResultDto> {
  const files = await Promise.all(
    intake.files.map(async (f) => {
      if (f.status !== 'processing') return f;
      const job = await waitForJob(client, f.jobId!);
      if (job.status !== 'succeeded') throw new Error(`${f.name}: ${JSON.stringify(job)}`);
      return { ...(job.result as MediaFileResult), jobId: f.jobId };
    }),
  );
  return { ...intake, files, stored: files.filter((f) => f.status === 'stored').length };
}
