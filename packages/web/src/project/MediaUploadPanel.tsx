import { useRef, useState, type FormEvent } from 'react';
import type { MediaIntakeResultDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { useT } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { totalBytes, uploadMedia } from './media-upload.ts';
import { CHUNK_BYTES, RESUMABLE_THRESHOLD, tolerantStore, uploadResumable } from './upload-chunks.ts';
import { httpUploadTransport } from './upload-transport.ts';
import { DocumentJobProgress } from './DocumentJobProgress.tsx';

/**
 * Image upload for projects with an image field (docs/media.md), PDF upload for projects with a document
 * field (docs/documents.md): many files or zips in one go, with progress, then one line per file: stored,
 * duplicate or rejected with the server's reason, or processing with its job's progress (PDFs are read
 * page by page in the background), videos and recordings for projects with such a field. Files over 8 MB
 * go in chunks through an upload session (upload-chunks.ts), so a broken connection or a page reload
 * resumes instead of starting over. Renders nothing for projects without a media field.
 */
export function MediaUploadPanel({
  projectId,
  hasImageField,
  hasDocumentField = false,
  hasVideoField = false,
  hasAudioField = false,
  onImported,
}: {
  projectId: string;
  hasImageField: boolean;
  hasDocumentField?: boolean;
  hasVideoField?: boolean;
  hasAudioField?: boolean;
  onImported: () => void;
}) {
  const t = useT();
  const { api, me, org } = useSession();
  const fileRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [stripMetadata, setStripMetadata] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<MediaIntakeResultDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Seconds until a failed chunk is sent again, while the connection is down. */
  const [retryIn, setRetryIn] = useState<number | null>(null);

  if (!hasImageField && !hasDocumentField && !hasVideoField && !hasAudioField) return null;
  const audioVisual = !hasImageField && (hasVideoField || hasAudioField);
  const documents = !hasImageField && !audioVisual;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (files.length === 0) return;
    setResult(null);
    setError(null);
    const total = totalBytes(files);
    setProgress({ sent: 0, total });
    const chunkBytes = chunkBytesSetting();
    const threshold = Math.min(RESUMABLE_THRESHOLD, chunkBytes);
    const small = files.filter((f) => f.size <= threshold);
    const large = files.filter((f) => f.size > threshold);
    const reports: MediaIntakeResultDto[] = [];
    let done = 0;
    try {
      if (small.length > 0) {
        reports.push(
          await uploadMedia({
            url: api.url(`/projects/${encodeURIComponent(projectId)}/media`, { stripMetadata: stripMetadata ? 'true' : undefined }),
            files: small,
            csrfToken: me?.csrfToken ?? null,
            orgId: org?.id ?? null,
            onProgress: (sent, bodyTotal) => setProgress({ sent: Math.round((sent / Math.max(1, bodyTotal)) * totalBytes(small)), total }),
          }),
        );
        done += totalBytes(small);
      }
      // Large files one at a time, each through its own upload session.
      const transport = httpUploadTransport({ url: (path) => api.url(path), csrfToken: me?.csrfToken ?? null, orgId: org?.id ?? null });
      for (const file of large) {
        const base = done;
        reports.push(
          await uploadResumable({
            projectId,
            file,
            transport,
            storage: tolerantStore(() => window.localStorage),
            stripMetadata,
            chunkBytes,
            onProgress: (sent) => {
              setRetryIn(null);
              setProgress({ sent: base + sent, total });
            },
            onRetry: (_attempt, waitMs) => setRetryIn(Math.ceil(waitMs / 1000)),
          }),
        );
        done += file.size;
      }
      setFiles([]);
      if (fileRef.current) fileRef.current.value = '';
    } catch (e) {
      setError(e);
    } finally {
      const merged = mergeReports(reports);
      setResult(merged);
      if (merged && merged.stored > 0) onImported();
      setProgress(null);
      setRetryIn(null);
    }
  };

  const busy = progress !== null;
  const processing = result?.files.filter((f) => f.status === 'processing').length ?? 0;
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="media-upload">
      <h3>{documents ? t('media.documentsTitle') : audioVisual ? t('media.avTitle') : t('media.title')}</h3>
      <p className="muted">{documents ? t('media.documentsHelp') : audioVisual ? t('media.avHelp') : t('media.help')}</p>
      <div className="form-inline">
        <label className="form-row grow">
          <span>{documents ? t('media.documentFiles') : audioVisual ? t('media.avFiles') : t('media.files')}</span>
          <input
            ref={fileRef}
            type="file"
            multiple
            accept={documents ? '.pdf,.zip,application/pdf,application/zip' : audioVisual ? AUDIO_VISUAL_ACCEPT : '.jpg,.jpeg,.png,.webp,.tif,.tiff,.bmp,.zip,image/jpeg,image/png,image/webp,image/tiff,image/bmp,application/zip'}
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            data-testid="media-files"
          />
        </label>
        {documents || audioVisual ? null : (
          <label className="form-row">
            <span>
              <input type="checkbox" checked={stripMetadata} onChange={(e) => setStripMetadata(e.target.checked)} data-testid="media-strip" /> {t('media.strip')}
            </span>
          </label>
        )}
        <button type="submit" className="btn btn-primary" disabled={files.length === 0 || busy} data-testid="media-submit">
          {busy ? t('import.uploading') : t('media.upload', { count: files.length })}
        </button>
      </div>
      {progress ? <ProgressBar value={progress.sent} total={progress.total} /> : null}
      {progress && retryIn !== null ? (
        <p className="muted small" data-testid="media-retrying">
          {t('media.retrying', { seconds: retryIn })}
        </p>
      ) : null}
      {progress && progress.total > 0 && progress.sent >= progress.total ? <p className="muted small">{t('media.processing')}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {result ? (
        <div data-testid="media-result">
          <div className={`alert ${result.rejected > 0 ? 'alert-error' : 'alert-ok'}`} data-status={result.rejected > 0 ? 'partial' : 'ok'}>
            {t('media.summary', { stored: result.stored, duplicates: result.duplicates, rejected: result.rejected })}
            {processing > 0 ? ` · ${t('media.summaryProcessing', { count: processing })}` : null}
          </div>
          <table className="grid-table compact">
            <thead>
              <tr>
                <th>{t('media.colFile')}</th>
                <th>{t('media.colStatus')}</th>
                <th>{t('media.colDetail')}</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((f, i) => (
                <tr key={i} data-status={f.status}>
                  <td>
                    <code>{f.name}</code>
                  </td>
                  {f.status === 'processing' && f.jobId ? (
                    <DocumentJobProgress jobId={f.jobId} onDone={onImported} />
                  ) : (
                    <>
                      <td>{t(`media.status.${f.status}`)}</td>
                      <td>{f.status === 'stored' ? (f.pages !== undefined ? t('media.job.done', { pages: f.pages }) : `${f.width ?? '?'} × ${f.height ?? '?'}`) : (f.reason ?? '')}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  );
}

/** What the file picker offers for video and audio fields (the server sniffs the bytes whatever the name says). */
const AUDIO_VISUAL_ACCEPT = '.mp4,.mov,.m4v,.mkv,.webm,.avi,.wav,.mp3,.flac,.m4a,.aac,.ogg,.opus,.zip,video/*,audio/*,application/zip';

/**
 * Bytes per chunk: 8 MB, unless `yungang.upload.chunkBytes` is set in localStorage (a hook for browser
 * tests and for trying the resumable path with small files; it also lowers the size above which it is taken).
 */
function chunkBytesSetting(): number {
  const raw = Number(tolerantStore(() => window.localStorage).getItem('yungang.upload.chunkBytes'));
  return Number.isInteger(raw) && raw > 0 ? raw : CHUNK_BYTES;
}

/** One report for the multipart batch and each resumable file, as if they had been one upload. */
function mergeReports(reports: readonly MediaIntakeResultDto[]): MediaIntakeResultDto | null {
  if (reports.length === 0) return null;
  return {
    importId: reports.find((r) => r.importId)?.importId ?? null,
    stored: reports.reduce((n, r) => n + r.stored, 0),
    duplicates: reports.reduce((n, r) => n + r.duplicates, 0),
    rejected: reports.reduce((n, r) => n + r.rejected, 0),
    dropped: reports.reduce((n, r) => n + (r.dropped ?? 0), 0),
    files: reports.flatMap((r) => r.files),
  };
}
